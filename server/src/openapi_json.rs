//! The served OpenAPI document as JSON, with what utoipa's types cannot say:
//!
//! - an unsigned integer's upper bound (utoipa writes a minimum of 0 and the width as
//!   `u-int32`; that becomes `uint32` with its maximum, which a client generator or a
//!   fuzzer needs as well);
//! - `usize`, which utoipa writes as an integer of minimum 0 and no width: a `uint64`;
//! - the time zones the server knows (chrono-tz's names; the api crate has no zone
//!   database) as the zone fields' values;
//! - an adjacently tagged enum (`{"type": "rating", "value": 4}`): no other field
//!   (the api crate's deny them), and its unit variants (`{"type": "yes"}`) also read
//!   with `"value": null`;
//! - that no text holds a NUL (refused in every body, path and query on either database,
//!   see [`bellhop_api::validate::storable`]): a string schema without a pattern, format
//!   or fixed values gets `^[^\x00]*$`;
//! - the live stream's events: each is an object of `event`, `data` and `id`, whose
//!   `data` is JSON text of the event's own schema (`contentSchema`), as OpenAPI 3.1
//!   reads a `text/event-stream` schema.

use serde_json::{json, Value};

/// The live stream's path and, per event name, the schema of its data.
const STREAM: &str = "/events";
const EVENTS: [(&str, &str); 4] = [
    ("task", "TaskChanged"),
    ("audit", "AuditChanged"),
    ("room", "RoomChanged"),
    ("notification", "NotificationChanged"),
];

/// The schemas and fields that name a time zone.
const ZONE_FIELDS: [(&str, &str); 3] = [
    ("PropertyUpdate", "time_zone"),
    ("SetupRequest", "time_zone"),
    ("HotelCreate", "time_zone"),
];

pub fn document(openapi: &utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(openapi).expect("the OpenAPI document is JSON");
    bound_unsigned(&mut doc);
    for (schema, field) in ZONE_FIELDS {
        if let Some(zone) = doc.pointer_mut(&format!("/components/schemas/{schema}/properties/{field}")) {
            let mut names: Vec<Value> = chrono_tz::TZ_VARIANTS.iter().map(|tz| json!(tz.name())).collect();
            if zone["type"].as_array().is_some_and(|t| t.contains(&json!("null"))) {
                names.push(Value::Null);
            }
            zone["enum"] = Value::Array(names);
        }
    }
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        schemas.values_mut().for_each(adjacently_tagged);
    }
    no_nul(&mut doc);
    if let Some(content) = doc.pointer_mut(&format!(
        "/paths/{}/get/responses/200/content/text~1event-stream",
        STREAM.replace('/', "~1")
    )) {
        content["schema"] = stream_event();
    }
    doc
}

fn bound_unsigned(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            let integer = fields
                .get("type")
                .is_some_and(|t| t == "integer" || t.as_array().is_some_and(|t| t.contains(&json!("integer"))));
            if integer && !fields.contains_key("format") && fields.get("minimum") == Some(&json!(0)) {
                fields.insert("format".into(), json!("uint64"));
            }
            let width = match fields.get("format").and_then(Value::as_str) {
                Some("u-int8" | "uint8") => Some(("uint8", u64::from(u8::MAX))),
                Some("u-int16" | "uint16") => Some(("uint16", u64::from(u16::MAX))),
                Some("u-int32" | "uint32") => Some(("uint32", u64::from(u32::MAX))),
                Some("u-int64" | "uint64") => Some(("uint64", u64::MAX)),
                _ => None,
            };
            if let Some((format, max)) = width {
                fields.insert("format".into(), json!(format));
                fields.entry("maximum").or_insert(json!(max));
            }
            fields.values_mut().for_each(bound_unsigned);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_unsigned),
        _ => {}
    }
}

/// The tag and content fields of the api crate's adjacently tagged enums.
const TAG: &str = "type";
const CONTENT: &str = "value";

fn adjacently_tagged(schema: &mut Value) {
    let Some(Value::Array(variants)) = schema.get_mut("oneOf") else {
        return;
    };
    let has = |v: &Value, field: &str| v["properties"].get(field).is_some();
    let adjacent = variants.iter().all(|v| has(v, TAG)) && variants.iter().any(|v| has(v, CONTENT));
    if adjacent {
        for variant in variants.iter_mut() {
            if !has(variant, CONTENT) {
                variant["properties"][CONTENT] = json!({"type": "null"});
            }
            variant["additionalProperties"] = json!(false);
        }
    }
}

fn no_nul(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            let string = match fields.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
                _ => false,
            };
            let free = ["pattern", "format", "enum", "const"]
                .iter()
                .all(|k| !fields.contains_key(*k));
            if string && free {
                fields.insert("pattern".into(), json!("^[^\\x00]*$"));
            }
            fields.values_mut().for_each(no_nul);
        }
        Value::Array(items) => items.iter_mut().for_each(no_nul),
        _ => {}
    }
}

fn stream_event() -> Value {
    let event = |name: &str, data: Value| {
        json!({
            "type": "object",
            "required": ["event", "data"],
            "properties": {
                "event": {"const": name},
                "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": data},
                "id": {"type": "string", "pattern": "^[0-9]+$"},
                "retry": {"type": "integer", "minimum": 0},
            },
        })
    };
    let mut events: Vec<Value> = EVENTS
        .iter()
        .map(|(name, schema)| event(name, json!({"$ref": format!("#/components/schemas/{schema}")})))
        .collect();
    // Sent when the events since the reader's last id are no longer all kept.
    events.push(event(
        "resync",
        json!({"type": "object", "additionalProperties": false}),
    ));
    json!({"oneOf": events})
}
