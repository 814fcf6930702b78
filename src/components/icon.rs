//! A handful of inline SVG icons (24×24, stroke), so no icon font is downloaded.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconKind {
    Tasks,
    Audits,
    Training,
    Star,
    Admin,
    Rooms,
    SwitchUser,
    SignOut,
    Back,
}

fn path(kind: IconKind) -> &'static str {
    match kind {
        IconKind::Tasks => "M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2",
        IconKind::Audits => "M11 4a7 7 0 1 0 0 14a7 7 0 0 0 0-14zM16 16l5 5M8 11l2 2 4-4",
        IconKind::Training => "M2 9l10-5 10 5-10 5zM6 11v5c3 3 9 3 12 0v-5M22 9v6",
        IconKind::Star => "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.6l6.2-.9z",
        IconKind::Admin => "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
        IconKind::Rooms => "M3 21V5l9-2v18M12 21h9V8h-9M8 12v1M3 21h18",
        IconKind::SwitchUser => "M9 11a4 4 0 1 0 0-8a4 4 0 0 0 0 8zM2 21c0-4 3-6 7-6s7 2 7 6M17 8h5M19 5l3 3-3 3",
        IconKind::SignOut => "M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10",
        IconKind::Back => "M15 5l-7 7 7 7",
    }
}

/// An icon; decorative (hidden from screen readers), the button or link around it
/// carries the label.
#[component]
pub fn Icon(
    /// Which icon.
    kind: IconKind,
) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path(kind) />
        </svg>
    }
}
