//! The form being edited, held in signals the editor's fields change, and turned into
//! the API's template on save. Items keep their keys from version to version (answers
//! refer to them); a new item gets the next free `item_N`.

use bellhop_api::audit_wire::{self, AuditTemplate, AuditTemplateUpdate};
use bellhop_api::audits::{ChoiceOption, ItemKind, TemplateItem, TemplateSection};
use bellhop_api::validate::FieldErrors;
use bellhop_api::FieldReason;
use leptos::prelude::*;
use uuid::Uuid;

/// The item kinds, as the kind picker offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    Rating,
    Number,
    Choice,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::YesNo, Kind::Rating, Kind::Number, Kind::Choice, Kind::Note];

    /// The wire name, also the picker's option value.
    pub fn code(self) -> &'static str {
        match self {
            Kind::YesNo => "yes_no",
            Kind::Rating => "rating",
            Kind::Number => "number",
            Kind::Choice => "choice",
            Kind::Note => "note",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    fn of(kind: &ItemKind) -> Kind {
        match kind {
            ItemKind::YesNo => Kind::YesNo,
            ItemKind::Rating { .. } => Kind::Rating,
            ItemKind::Number { .. } => Kind::Number,
            ItemKind::Choice { .. } => Kind::Choice,
            ItemKind::Note => Kind::Note,
        }
    }
}

/// One option of a single-choice item; its score is typed as a percentage.
#[derive(Clone, Copy)]
pub struct OptionDraft {
    pub uid: u32,
    pub label: RwSignal<String>,
    pub percent: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub struct ItemDraft {
    pub uid: u32,
    pub key: StoredValue<String>,
    pub text: RwSignal<String>,
    pub guidance: RwSignal<String>,
    pub kind: RwSignal<Kind>,
    /// A rating under this fails.
    pub threshold: RwSignal<u8>,
    pub target: RwSignal<String>,
    pub at_most: RwSignal<bool>,
    pub unit: RwSignal<String>,
    pub options: RwSignal<Vec<OptionDraft>>,
    pub weight: RwSignal<String>,
    pub critical: RwSignal<bool>,
    pub required: RwSignal<bool>,
    pub photo: RwSignal<bool>,
}

#[derive(Clone, Copy)]
pub struct SectionDraft {
    pub uid: u32,
    pub title: RwSignal<String>,
    pub items: RwSignal<Vec<ItemDraft>>,
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub name: RwSignal<String>,
    pub area: RwSignal<String>,
    pub department: RwSignal<Option<Uuid>>,
    pub pass_mark: RwSignal<String>,
    pub sections: RwSignal<Vec<SectionDraft>>,
    /// The problems of the last save, checked here or by the server, by the API's
    /// field path (`sections[0].items[2].text`).
    pub fields: RwSignal<FieldErrors>,
    /// Row identities for the keyed lists, so moving a row keeps its inputs.
    next_uid: StoredValue<u32>,
}

/// `3` for 3.0, `2.5` for 2.5: numbers as a person would type them.
fn number_text(n: f64) -> String {
    format!("{n}")
}

fn text(value: RwSignal<String>) -> String {
    value.get_untracked().trim().to_owned()
}

/// What a number field holds; NaN when it is not a number, which the shared checks
/// then refuse.
fn number(value: RwSignal<String>) -> f64 {
    text(value).replace(',', ".").parse().unwrap_or(f64::NAN)
}

impl Draft {
    /// The template's latest version, or a new form with one section of one item.
    pub fn new(template: Option<&AuditTemplate>) -> Draft {
        let draft = Draft {
            name: RwSignal::new(String::new()),
            area: RwSignal::new(String::new()),
            department: RwSignal::new(None),
            pass_mark: RwSignal::new("80".into()),
            sections: RwSignal::new(Vec::new()),
            fields: RwSignal::new(FieldErrors::new()),
            next_uid: StoredValue::new(0),
        };
        match template {
            Some(t) => {
                draft.name.set(t.name.clone());
                draft.area.set(t.area.clone());
                draft.department.set(Some(t.department_id));
                draft.pass_mark.set(number_text(t.pass_mark));
                let sections = t.sections.iter().map(|s| draft.section_of(s)).collect();
                draft.sections.set(sections);
            }
            None => draft.add_section(),
        }
        draft
    }

    fn uid(self) -> u32 {
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid + 1);
        uid
    }

    fn section_of(self, section: &TemplateSection) -> SectionDraft {
        SectionDraft {
            uid: self.uid(),
            title: RwSignal::new(section.title.clone()),
            items: RwSignal::new(section.items.iter().map(|i| self.item_of(i)).collect()),
        }
    }

    fn item_of(self, item: &TemplateItem) -> ItemDraft {
        let draft = self.blank_item(item.key.clone());
        draft.text.set(item.text.clone());
        draft.guidance.set(item.guidance.clone());
        draft.kind.set(Kind::of(&item.kind));
        draft.weight.set(item.weight.to_string());
        draft.critical.set(item.critical);
        draft.required.set(item.required);
        draft.photo.set(item.photo);
        match &item.kind {
            ItemKind::Rating { threshold } => draft.threshold.set(*threshold),
            ItemKind::Number { target, at_most, unit } => {
                draft.target.set(number_text(*target));
                draft.at_most.set(*at_most);
                draft.unit.set(unit.clone());
            }
            ItemKind::Choice { options } => draft.options.set(
                options
                    .iter()
                    .map(|o| self.option(&o.label, &number_text(o.score * 100.0)))
                    .collect(),
            ),
            ItemKind::YesNo | ItemKind::Note => {}
        }
        draft
    }

    fn blank_item(self, key: String) -> ItemDraft {
        ItemDraft {
            uid: self.uid(),
            key: StoredValue::new(key),
            text: RwSignal::new(String::new()),
            guidance: RwSignal::new(String::new()),
            kind: RwSignal::new(Kind::YesNo),
            threshold: RwSignal::new(3),
            target: RwSignal::new(String::new()),
            at_most: RwSignal::new(true),
            unit: RwSignal::new(String::new()),
            options: RwSignal::new(vec![self.option("", "100"), self.option("", "0")]),
            weight: RwSignal::new("1".into()),
            critical: RwSignal::new(false),
            required: RwSignal::new(true),
            photo: RwSignal::new(false),
        }
    }

    pub fn option(self, label: &str, percent: &str) -> OptionDraft {
        OptionDraft {
            uid: self.uid(),
            label: RwSignal::new(label.to_owned()),
            percent: RwSignal::new(percent.to_owned()),
        }
    }

    /// A new item with a key no item of the form has.
    fn new_item(self) -> ItemDraft {
        let taken: Vec<String> = self.sections.with_untracked(|ss| {
            ss.iter()
                .flat_map(|s| s.items.get_untracked())
                .map(|i| i.key.get_value())
                .collect()
        });
        let key = (1..)
            .map(|n| format!("item_{n}"))
            .find(|k| !taken.contains(k))
            .unwrap_or_default();
        self.blank_item(key)
    }

    /// The positions of the last save's problems no longer fit once rows move.
    pub fn reshaped(self) {
        self.fields.set(FieldErrors::new());
    }

    pub fn add_section(self) {
        let section = SectionDraft {
            uid: self.uid(),
            title: RwSignal::new(String::new()),
            items: RwSignal::new(vec![self.new_item()]),
        };
        self.sections.update(|s| s.push(section));
        self.reshaped();
    }

    pub fn add_item(self, section: SectionDraft) {
        let item = self.new_item();
        section.items.update(|i| i.push(item));
        self.reshaped();
    }

    /// The problem the last save found with `path`.
    pub fn error(self, path: impl Fn() -> String + Send + Sync + 'static) -> Signal<Option<FieldReason>> {
        Signal::derive(move || {
            let path = path();
            self.fields.with(|f| f.get(&path).copied())
        })
    }

    /// The form as the API takes it, once it passes the same checks the server makes.
    pub fn to_update(self) -> Result<AuditTemplateUpdate, FieldErrors> {
        let sections = self.sections.with_untracked(|ss| {
            ss.iter()
                .map(|s| TemplateSection {
                    title: text(s.title),
                    items: s
                        .items
                        .with_untracked(|items| items.iter().map(|i| i.to_item()).collect()),
                })
                .collect()
        });
        let pass_mark = number(self.pass_mark);
        let update = AuditTemplateUpdate {
            name: text(self.name),
            area: text(self.area),
            department_id: self.department.get_untracked().unwrap_or_default(),
            pass_mark: if pass_mark.is_finite() { pass_mark } else { -1.0 },
            sections,
        };
        let mut errors = audit_wire::template(&update).err().unwrap_or_default();
        if self.department.get_untracked().is_none() {
            errors.insert("department_id".into(), FieldReason::Required);
        }
        if errors.is_empty() {
            Ok(update)
        } else {
            Err(errors)
        }
    }
}

impl ItemDraft {
    fn to_item(self) -> TemplateItem {
        let kind = match self.kind.get_untracked() {
            Kind::YesNo => ItemKind::YesNo,
            Kind::Rating => ItemKind::Rating {
                threshold: self.threshold.get_untracked(),
            },
            Kind::Number => ItemKind::Number {
                target: number(self.target),
                at_most: self.at_most.get_untracked(),
                unit: text(self.unit),
            },
            Kind::Choice => ItemKind::Choice {
                options: self.options.with_untracked(|os| {
                    os.iter()
                        .map(|o| ChoiceOption {
                            label: text(o.label),
                            score: number(o.percent) / 100.0,
                        })
                        .collect()
                }),
            },
            Kind::Note => ItemKind::Note,
        };
        // A note is never scored, so it can neither weigh nor fail.
        let note = matches!(kind, ItemKind::Note);
        TemplateItem {
            key: self.key.get_value(),
            text: text(self.text),
            guidance: text(self.guidance),
            weight: if note {
                1
            } else {
                text(self.weight).parse().unwrap_or(0)
            },
            critical: !note && self.critical.get_untracked(),
            required: self.required.get_untracked(),
            photo: self.photo.get_untracked(),
            kind,
        }
    }
}

/// A section or an item in its list: where it stands now, and its move and remove.
#[derive(Clone, Copy)]
pub struct Row {
    pub index: Signal<usize>,
    /// Its place and how many rows there are, for the buttons.
    pub place: Signal<(usize, usize)>,
    /// `true` up, `false` down.
    pub on_move: Callback<bool>,
    pub on_remove: Callback<()>,
}

impl Draft {
    /// The row `uid` of `rows`.
    pub fn row<T: Send + Sync + 'static>(self, rows: RwSignal<Vec<T>>, uid: u32, uid_of: fn(&T) -> u32) -> Row {
        let index = Signal::derive(move || rows.with(|r| r.iter().position(|x| uid_of(x) == uid).unwrap_or(0)));
        Row {
            index,
            place: Signal::derive(move || (index.get(), rows.with(Vec::len))),
            on_move: Callback::new(move |up| {
                shift(rows, index.get_untracked(), up);
                self.reshaped();
            }),
            on_remove: Callback::new(move |()| {
                rows.update(|r| r.retain(|x| uid_of(x) != uid));
                self.reshaped();
            }),
        }
    }
}

/// Moves row `index` of `rows` one place up or down, if there is room.
fn shift<T: Send + Sync + 'static>(rows: RwSignal<Vec<T>>, index: usize, up: bool) {
    rows.update(|r| {
        let other = if up { index.checked_sub(1) } else { Some(index + 1) };
        if let Some(other) = other.filter(|o| *o < r.len()) {
            r.swap(index, other);
        }
    });
}
