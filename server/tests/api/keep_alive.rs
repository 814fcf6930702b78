//! An answer given before the request's body was read (a 413 for an oversized body, a
//! 401 before the handler looked at it) keeps HTTP/1.1's promise to a keep-alive client:
//! either the connection goes on serving, or the answer says `Connection: close` and the
//! server closes it, so the client knows to open a new one. Raw TCP, so nothing in a
//! client library hides a broken connection by retrying.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;

use bellhop_api::{ErrorBody, ErrorCode};

use crate::common::*;

on_both_databases!(an_early_answer_says_whether_the_connection_goes_on);

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn closes(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Reads one response with a `content-length` body; `None` if the connection ends first.
async fn read_answer(reader: &mut OwnedReadHalf, buffer: &mut Vec<u8>) -> Option<Answer> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = tokio::time::timeout(Duration::from_secs(5), reader.read(&mut chunk))
            .await
            .expect("an answer within 5 s")
            .ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    while buffer.len() < head_end + length {
        let n = reader.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8(buffer[head_end..head_end + length].to_vec()).unwrap();
    buffer.drain(..head_end + length);
    Some(Answer { status, headers, body })
}

/// Whether the server has closed the connection (end of stream or reset) within 5 s.
async fn closed(reader: &mut OwnedReadHalf) -> bool {
    let mut byte = [0u8; 1];
    match tokio::time::timeout(Duration::from_secs(5), reader.read(&mut byte)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

const HEALTH: &[u8] = b"GET /api/health HTTP/1.1\r\nHost: bellhop\r\n\r\n";

/// Sends `request` and then its `body` on one connection (the body from another task,
/// as a client streaming an upload does), reads the answer, then asks for
/// `/api/health` as a keep-alive client would: on the same connection unless the answer
/// said `Connection: close`, in which case the server must have closed it.
async fn early_answer_then_next_request(app: &TestApp, request: String, body: Vec<u8>) -> Answer {
    let address = app.base.trim_start_matches("http://");
    let (mut reader, mut writer) = TcpStream::connect(address).await.unwrap().into_split();
    let upload = tokio::spawn(async move {
        // The server may stop reading and close while this is still sending.
        let _ = writer.write_all(request.as_bytes()).await;
        let _ = writer.write_all(&body).await;
        writer
    });
    let mut buffer = Vec::new();
    let answer = read_answer(&mut reader, &mut buffer)
        .await
        .expect("an answer, not a dropped connection");
    let mut writer = upload.await.unwrap();
    if answer.closes() {
        assert!(closed(&mut reader).await, "said close, so the server closes");
        let (mut reader, mut writer) = TcpStream::connect(address).await.unwrap().into_split();
        writer.write_all(HEALTH).await.unwrap();
        let health = read_answer(&mut reader, &mut Vec::new())
            .await
            .expect("a new connection serves");
        assert_eq!(health.status, 200);
    } else {
        writer.write_all(HEALTH).await.expect("the connection stays open");
        let health = read_answer(&mut reader, &mut buffer)
            .await
            .expect("no Connection: close, so the same connection serves the next request");
        assert_eq!(health.status, 200, "{}", health.body);
    }
    answer
}

fn post(path: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: bellhop\r\nContent-Type: application/json\r\n\
         X-Requested-With: bellhop\r\nContent-Length: {length}\r\n\r\n"
    )
}

async fn an_early_answer_says_whether_the_connection_goes_on(app: TestApp) {
    let limit = app.state.config.max_body_bytes;
    // Oversized: refused on its declared length, the body left unread.
    let body = vec![b' '; 2 * limit];
    let answer = early_answer_then_next_request(&app, post("/api/session", body.len()), body).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    let refusal: ErrorBody = serde_json::from_str(&answer.body).expect("the error body");
    assert_eq!(refusal.error, ErrorCode::PayloadTooLarge, "{}", answer.body);
    assert!(answer.closes(), "the body was not read, so the connection cannot go on");

    // A body the handler never looked at: no session, so 401 first.
    let body = format!("{{\"note\": \"{}\"}}", "x".repeat(64 * 1024)).into_bytes();
    let answer = early_answer_then_next_request(&app, post("/api/tasks", body.len()), body).await;
    assert_eq!(answer.status, 401, "{}", answer.body);

    // A body read to its end keeps the connection.
    let body = br#"{"employee_no": "M001", "password": "wrong-password"}"#.to_vec();
    let answer = early_answer_then_next_request(&app, post("/api/session", body.len()), body).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(!answer.closes(), "nothing left unread, so keep-alive goes on");
}
