//! The Service Star: the month's cycle, ballots, compliments, results and settings.

use bellhop_api::star::{BallotCast, ComplimentCreate, Nominee, StarCycle, StarResults, StarSettings, WallEntry};
use gloo_net::http::Request;

use crate::api::{encode, fetch, send, send_json, url, Result};

pub async fn star_current() -> Result<StarCycle> {
    send(Request::get(&url("/star/current"))).await
}

pub async fn star_nominees() -> Result<Vec<Nominee>> {
    send(Request::get(&url("/star/nominees"))).await
}

pub async fn cast_ballot(req: &BallotCast) -> Result<StarCycle> {
    send_json(Request::put(&url("/star/ballot")), req).await
}

pub async fn record_compliment(req: &ComplimentCreate) -> Result<()> {
    fetch(Request::post(&url("/star/compliments")), encode(req))
        .await
        .map(drop)
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
