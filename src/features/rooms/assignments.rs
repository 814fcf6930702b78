//! `/rooms/assignments` (housekeeping's supervisor, managers): the day's rooms split
//! between the attendants on duty. Bellhop proposes a split balanced by credits; the
//! supervisor moves rooms with two taps (the room, then its new attendant) and
//! publishes the lists, which become each attendant's My rooms. Each attendant's
//! progress through the day follows live.

use bellhop_api::room_assignments::{AssignmentsSave, AttendantDay, AttendantRooms, CleanKind, Progress, Proposal};
use leptos::prelude::*;
use uuid::Uuid;

use super::mine::DayProgress;
use super::tabs::RoomsPage;
use super::{api, kind_name};
use crate::components::status::{both, phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::i18n::{tr, trf, use_i18n};
use crate::live::use_live;

/// One room of a list being drawn up.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    room_id: Uuid,
    number: String,
    kind: CleanKind,
    credits: u32,
}

/// One attendant's list being drawn up.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    attendant_id: Uuid,
    name: String,
    rooms: Vec<Slot>,
}

fn from_proposal(p: &Proposal) -> Vec<Line> {
    p.attendants
        .iter()
        .map(|a| Line {
            attendant_id: a.attendant_id,
            name: a.attendant_name.clone(),
            rooms: a
                .rooms
                .iter()
                .map(|r| Slot {
                    room_id: r.room_id,
                    number: r.number.clone(),
                    kind: r.kind,
                    credits: r.credits,
                })
                .collect(),
        })
        .collect()
}

/// The published lists, with every attendant on duty (`proposal`) that has none.
fn from_saved(saved: &[AttendantDay], proposal: &Proposal) -> Vec<Line> {
    let mut lines: Vec<Line> = saved
        .iter()
        .map(|a| Line {
            attendant_id: a.attendant_id,
            name: a.attendant_name.clone(),
            rooms: a
                .rooms
                .iter()
                .map(|r| Slot {
                    room_id: r.status.room_id,
                    number: r.status.number.clone(),
                    kind: r.kind,
                    credits: r.credits,
                })
                .collect(),
        })
        .collect();
    for a in &proposal.attendants {
        if !lines.iter().any(|l| l.attendant_id == a.attendant_id) {
            lines.push(Line {
                attendant_id: a.attendant_id,
                name: a.attendant_name.clone(),
                rooms: Vec::new(),
            });
        }
    }
    lines
}

#[component]
pub fn RoomAssignmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let saved = Data::new(api::assignments);
    let proposal = Data::new(api::proposal);
    live.on_room_change(move |_| saved.refetch());

    let draft = RwSignal::new(None::<Vec<Line>>);
    // The draft is what was published, unchanged since.
    let published = RwSignal::new(false);
    let picked = RwSignal::new(None::<Uuid>);
    // The first time both are in: the published lists if any, else the proposal.
    Effect::new(move |_| {
        if draft.with_untracked(Option::is_some) {
            return;
        }
        let (Some(Ok(s)), Some(Ok(p))) = (saved.get(), proposal.get()) else {
            return;
        };
        let any = s.iter().any(|a| !a.rooms.is_empty());
        draft.set(Some(if any { from_saved(&s, &p) } else { from_proposal(&p) }));
        published.set(any);
    });

    let propose = move |_| {
        if let Some(Ok(p)) = proposal.get_untracked() {
            draft.set(Some(from_proposal(&p)));
            published.set(false);
            picked.set(None);
        }
    };
    let publish = Call::new(move || {
        let req = AssignmentsSave {
            attendants: draft.with_untracked(|d| {
                d.iter()
                    .flatten()
                    .map(|l| AttendantRooms {
                        attendant_id: l.attendant_id,
                        room_ids: l.rooms.iter().map(|r| r.room_id).collect(),
                    })
                    .collect()
            }),
        };
        async move {
            let answer = api::publish(&req).await?;
            if let Some(Ok(p)) = proposal.get_untracked() {
                draft.set(Some(from_saved(&answer, &p)));
            }
            saved.set(answer);
            published.set(true);
            picked.set(None);
            Ok(())
        }
    });
    let move_to = Callback::new(move |to: Uuid| {
        let Some(room) = picked.get_untracked() else { return };
        draft.update(|d| {
            let Some(lines) = d else { return };
            let mut taken = None;
            for line in lines.iter_mut() {
                if let Some(at) = line.rooms.iter().position(|r| r.room_id == room) {
                    taken = Some(line.rooms.remove(at));
                }
            }
            if let (Some(slot), Some(line)) = (taken, lines.iter_mut().find(|l| l.attendant_id == to)) {
                line.rooms.push(slot);
            }
        });
        published.set(false);
        picked.set(None);
    });
    let progress_of = move |id: Uuid| -> Option<Progress> {
        saved.with(|s| {
            s.and_then(Result::ok)
                .and_then(|s| s.iter().find(|a| a.attendant_id == id).map(|a| a.progress))
        })
    };

    let lines = move || {
        let lines = draft.get().unwrap_or_default();
        if lines.is_empty() {
            return view! { <p class="empty">{tr!(i18n, room_board.no_attendants)}</p> }.into_any();
        }
        lines
            .into_iter()
            .map(|line| {
                let id = line.attendant_id;
                let credits: u32 = line.rooms.iter().map(|r| r.credits).sum();
                let count = line.rooms.len();
                let here = line.rooms.iter().map(|r| r.room_id).collect::<Vec<_>>();
                let chips = line
                    .rooms
                    .into_iter()
                    .map(|slot| {
                        let room = slot.room_id;
                        view! {
                            <button
                                type="button"
                                class="btn btn-choice assign-room"
                                data-room=slot.number.clone()
                                data-kind=slot.kind.code()
                                aria-pressed=move || (picked.get() == Some(room)).to_string()
                                on:click=move |_| picked.update(|p| *p = if *p == Some(room) { None } else { Some(room) })
                            >
                                <span class="assign-no">{slot.number.clone()}</span>
                                <span class="assign-kind">
                                    {move || kind_name(i18n.get_locale(), slot.kind)} " · " {slot.credits}
                                </span>
                            </button>
                        }
                    })
                    .collect_view();
                let progress = progress_of(id).filter(|p| published.get() && p.rooms > 0);
                view! {
                    <section class="card assign-line" data-attendant=id.to_string()>
                        <div class="assign-head">
                            <h2>{line.name.clone()}</h2>
                            <p class="assign-load">
                                {trf!(i18n, room_board.load, rooms = count, credits = credits)}
                            </p>
                            <Show when=move || picked.get().is_some_and(|p| !here.contains(&p))>
                                <button type="button" class="btn btn-primary move-here" on:click=move |_| move_to.run(id)>
                                    {tr!(i18n, room_board.move_here)}
                                </button>
                            </Show>
                        </div>
                        {progress.map(|p| view! { <DayProgress progress=p /> })}
                        <div class="assign-rooms">{chips}</div>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <RoomsPage>
            <div class="toolbar">
                <h1>{tr!(i18n, room_board.assign_title)}</h1>
                <button type="button" class="btn btn-secondary" data-testid="propose" on:click=propose>
                    {tr!(i18n, room_board.propose)}
                </button>
                <button
                    type="button"
                    class="btn btn-primary btn-big"
                    data-testid="publish"
                    disabled=publish.pending()
                    on:click=move |_| publish.start()
                >
                    {tr!(i18n, room_board.publish)}
                </button>
            </div>
            <p class="hint" role="status" data-published=move || published.get().to_string()>
                {move || {
                    if published.get() { tr!(i18n, room_board.published).get() } else { tr!(i18n, room_board.unpublished).get() }
                }}
            </p>
            <Show when=move || picked.get().is_some()>
                <p class="notice notice-info" role="status">{tr!(i18n, room_board.pick_hint)}</p>
            </Show>
            <ErrorNotice error=publish.error />
            <Loaded phase=both(phase_of(saved), phase_of(proposal)) retry=move |()| {
                saved.refetch();
                proposal.refetch();
            }>
                <div class="assign-lines">{lines}</div>
            </Loaded>
        </RoomsPage>
    }
}
