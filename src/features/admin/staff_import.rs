//! `/admin/staff/import` (admins): people from a staff file, all or nothing. Once
//! stored, each new person's one-time set-up code is listed — large, to read out or to
//! print — for them to choose their own PIN or password with.

use bellhop_api::staff_import::{StaffImported, SETUP_CODE_DAYS};
use leptos::prelude::*;

use crate::components::csv_import::{FileInput, ImportProblems};
use crate::components::field::Form;
use crate::components::status::ErrorNotice;
use crate::components::sub_page::SubPage;
use crate::data::Call;
use crate::features::admin::api;
use crate::i18n::{short_time, tr, trf, use_i18n};
use crate::paths::Screen;

#[component]
pub fn StaffImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SubPage class="staff-import" back=(Screen::AdminStaff, tr!(i18n, staff.title))>
            <StaffImport />
        </SubPage>
    }
}

#[component]
fn StaffImport() -> impl IntoView {
    let i18n = use_i18n();
    let content = RwSignal::new(None::<String>);
    let imported = RwSignal::new(None::<StaffImported>);
    let import = Call::new(move || {
        let text = content.get_untracked();
        async move {
            let Some(text) = text else { return Ok(()) };
            imported.try_set(Some(api::import_staff(text).await?));
            content.try_set(None);
            Ok(())
        }
    });
    view! {
        <h1>{tr!(i18n, staff_import.title)}</h1>
        {move || match imported.get() {
            Some(done) => view! { <Codes imported=done /> }.into_any(),
            None => {
                view! {
                    <Form class="card form import-form" on_submit=move |()| import.start()>
                        <p class="hint">{tr!(i18n, staff_import.hint)}</p>
                        <p class="hint csv-columns">
                            <code>"employee_no,name,role,department,hire_date,language"</code>
                        </p>
                        <FileInput
                            label=tr!(i18n, staff_import.file)
                            id="f-staff-file"
                            on_text=Callback::new(move |text| {
                                import.error.set(None);
                                content.set(Some(text));
                            })
                        />
                        <ErrorNotice error=import.error />
                        <ImportProblems error=import.error />
                        <button
                            type="submit"
                            class="btn btn-primary btn-block btn-big"
                            disabled=move || import.pending().get() || content.with(Option::is_none)
                        >
                            {tr!(i18n, staff_import.import)}
                        </button>
                    </Form>
                }
                    .into_any()
            }
        }}
    }
}

/// Each new person with their code, to print or read out.
#[component]
fn Codes(
    /// What the import answered.
    imported: StaffImported,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = imported.created.len();
    let rows = imported
        .created
        .into_iter()
        .map(|p| {
            let until = short_time(p.expires_at);
            let number = p.employee_no.clone();
            view! {
                <li class="setup-code-row" data-employee=number>
                    <div>
                        <p class="row-title">{p.display_name}</p>
                        <p class="row-detail">{p.employee_no}</p>
                    </div>
                    <div>
                        <p class="setup-code" data-testid="setup-code">{p.setup_code}</p>
                        <p class="row-detail">{trf!(i18n, staff_import.until, time = until)}</p>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="notice notice-success" role="status">
            <p>{trf!(i18n, staff_import.done, count = count)}</p>
        </div>
        <p class="lead">{trf!(i18n, staff_import.codes_hint, days = SETUP_CODE_DAYS)}</p>
        <ul class="setup-codes">{rows}</ul>
        <div class="form-actions no-print">
            <button type="button" class="btn btn-primary btn-big" on:click=move |_| {
                let _ = window().print();
            }>{tr!(i18n, staff_import.print)}</button>
        </div>
    }
}
