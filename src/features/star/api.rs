//! The Service Star: the month's cycle, ballots, compliments, results and settings.

use bellhop_api::star::{BallotCast, ComplimentCreate, Nominee, StarCycle, StarResults, StarSettings, WallEntry};
use gloo_net::http::Request;

use crate::api::{encode, send, send_json, url, Result};
use crate::offline::{Method, Write};

pub async fn star_current() -> Result<StarCycle> {
    send(Request::get(&url("/star/current"))).await
}

pub async fn star_nominees() -> Result<Vec<Nominee>> {
    send(Request::get(&url("/star/nominees"))).await
}

/// A ballot (answered with the cycle); the person's next one replaces it.
pub fn cast_ballot(req: &BallotCast) -> Write {
    Write {
        object: "ballot".to_owned(),
        what: "ballot",
        method: Method::Put,
        path: "/star/ballot".to_owned(),
        body: encode(req),
        version: None,
    }
}

pub fn record_compliment(req: &ComplimentCreate) -> Write {
    Write {
        object: format!("compliment/{}", req.id),
        what: "compliment",
        method: Method::Post,
        path: "/star/compliments".to_owned(),
        body: encode(req),
        version: None,
    }
}

pub async fn close_star(month: &str) -> Result<StarResults> {
    send(Request::post(&url(&format!("/star/cycles/{month}/close")))).await
}

pub async fn star_results(month: &str) -> Result<StarResults> {
    send(Request::get(&url(&format!("/star/results/{month}")))).await
}

pub async fn star_wall() -> Result<Vec<WallEntry>> {
    send(Request::get(&url("/star/wall"))).await
}

pub async fn star_settings() -> Result<StarSettings> {
    send(Request::get(&url("/star/settings"))).await
}

pub async fn save_star_settings(req: &StarSettings) -> Result<StarSettings> {
    send_json(Request::put(&url("/star/settings")), req).await
}
