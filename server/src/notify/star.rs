//! Who hears of the Service Star: everyone who may vote when a month's voting opens (a
//! job's pass, once per month), and everyone of the hotel when its star is announced.

use bellhop_api::notifications::NotificationKind;

use super::{everyone, send, without, Notice, Params};
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::routes::star;

/// Tells the voters of `property_id` that this month's voting is open, if it is and
/// they were not told yet. Returns how many were told.
pub async fn voting_opened(state: &AppState, property_id: &str) -> ApiResult<usize> {
    let Some(month) = star::month_voting(state, property_id).await? else {
        return Ok(0);
    };
    let key = format!("star:{month}:voting_opened");
    // Told at the first pass of the month; the index would keep later passes from
    // telling anyone twice, this keeps them from trying.
    let (told,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE property_id = $1 AND kind = $2 AND object_id = $3")
            .bind(property_id)
            .bind(NotificationKind::VotingOpened.code())
            .bind(&month)
            .fetch_one(&state.db.pool)
            .await?;
    if told > 0 {
        return Ok(0);
    }
    let voters = star::voters(state, property_id).await?;
    let params = Params::from([("month", month.clone())]);
    let notice = Notice {
        kind: NotificationKind::VotingOpened,
        object_id: &month,
        params: &params,
        event_key: &key,
    };
    let mut tx = state.db.begin_write().await?;
    let sent = send(state, &mut tx, property_id, &voters, &notice).await?;
    tx.commit().await?;
    Ok(sent)
}

/// `actor` closed the count of `month`: everyone of the hotel hears the star is out.
pub async fn announced(
    state: &AppState,
    tx: &mut WriteTx,
    property_id: &str,
    month: &str,
    actor: &str,
) -> ApiResult<()> {
    let people = without(everyone(tx.conn(), property_id).await?, &[actor]);
    let params = Params::from([("month", month.to_owned())]);
    let notice = Notice {
        kind: NotificationKind::StarAnnounced,
        object_id: month,
        params: &params,
        event_key: &format!("star:{month}:announced"),
    };
    send(state, tx, property_id, &people, &notice).await?;
    Ok(())
}
