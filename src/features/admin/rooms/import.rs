//! The rooms file: its export, and an import that the server checks row by row first,
//! storing nothing if one row is wrong.

use bellhop_api::csv_reader::ImportSummary;
use leptos::prelude::*;

use crate::components::csv_import::{FileInput, ImportProblems};
use crate::components::field::Form;
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::admin::api;
use crate::i18n::{tr, trf, use_i18n};

#[component]
pub fn RoomsFile(
    /// Called after a file was stored.
    on_imported: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let content = RwSignal::new(None::<String>);
    let summary = RwSignal::new(None::<ImportSummary>);
    let import = Call::new(move || {
        let text = content.get_untracked();
        summary.set(None);
        async move {
            let Some(text) = text else { return Ok(()) };
            summary.try_set(Some(api::import_rooms(text).await?));
            on_imported.try_run(());
            Ok(())
        }
    });
    view! {
        <section class="card rooms-file">
            <h2>{tr!(i18n, rooms.file_title)}</h2>
            <p class="hint">{tr!(i18n, rooms.file_hint)}</p>
            <a class="btn btn-secondary" href=api::rooms_csv() download="rooms.csv">
                {tr!(i18n, rooms.export)}
            </a>
            <Form class="import-form" on_submit=move |()| import.start()>
                <FileInput
                    label=tr!(i18n, rooms.import_file)
                    id="f-rooms-file"
                    on_text=Callback::new(move |text| {
                        summary.set(None);
                        import.error.set(None);
                        content.set(Some(text));
                    })
                />
                <ErrorNotice error=import.error />
                <ImportProblems error=import.error />
                {move || {
                    summary
                        .get()
                        .map(|s| {
                            view! {
                                <div class="notice notice-success" role="status">
                                    <p>{trf!(i18n, rooms.imported, created = s.created, updated = s.updated)}</p>
                                </div>
                            }
                        })
                }}
                <button
                    type="submit"
                    class="btn btn-primary btn-block btn-big"
                    disabled=move || import.pending().get() || content.with(Option::is_none)
                >
                    {tr!(i18n, rooms.import)}
                </button>
            </Form>
        </section>
    }
}
