//! Live updates: server-sent events when new articles are stored.
//!
//! One poller per server checks the store's latest article id and its count of story merges
//! every [`POLL`] while at least one client listens, so articles written by another process
//! (`parallax ingest`, `parallax watch`) are announced as well as those posted to this server,
//! and so are stories merged (which store no article). Each event says how far the store has
//! got: `{"latest": ID, "new": N, "merged": M}` (`merged`: stories merged since the last event).

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use parallax_store::Store;
use tokio::sync::{Notify, broadcast};

use crate::Shared;

/// How often the store is checked for new articles.
pub const POLL: Duration = Duration::from_millis(700);

/// What an event announces: the latest article id, new articles, new merges.
type Change = (i64, i64, u64);

pub struct Live {
    tx: broadcast::Sender<Change>,
    started: AtomicBool,
    poke: Arc<Notify>,
}

impl Default for Live {
    fn default() -> Self {
        Live { tx: broadcast::channel(64).0, started: AtomicBool::new(false), poke: Arc::new(Notify::new()) }
    }
}

impl Live {
    /// Asks the poller to look now (after a write through this server).
    pub fn poke(&self) {
        self.poke.notify_one();
    }
}

fn start_poller<S: Store + 'static>(st: &Shared<S>) {
    if st.live.started.swap(true, Ordering::SeqCst) {
        return;
    }
    let st = Arc::clone(st);
    tokio::spawn(async move {
        // (latest article id, merges recorded): the store's change marker.
        let latest = |st: Arc<crate::AppState<S>>| async move {
            tokio::task::spawn_blocking(move || {
                let s = st.stores.first()?.lock().ok()?;
                Some((s.latest_article_id().ok()?, s.merge_count().ok()?))
            })
            .await
            .ok()
            .flatten()
        };
        let mut last = latest(Arc::clone(&st)).await.unwrap_or((0, 0));
        loop {
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = st.live.poke.notified() => {}
            }
            if st.live.tx.receiver_count() == 0 {
                continue;
            }
            if let Some(now) = latest(Arc::clone(&st)).await
                && now != last
            {
                let _ = st.live.tx.send((now.0, now.0 - last.0, now.1.saturating_sub(last.1)));
                last = now;
            }
        }
    });
}

/// `GET /api/events`: an event stream of new-article notices.
pub async fn events<S: Store + 'static>(
    State(st): State<Shared<S>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    start_poller(&st);
    let rx = st.live.tx.subscribe();
    let s = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok((latest, new, merged)) => {
                    let ev = Event::default()
                        .event("articles")
                        .data(serde_json::json!({ "latest": latest, "new": new, "merged": merged }).to_string());
                    return Some((Ok(ev), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(s).keep_alive(KeepAlive::default())
}
