//! The portal's sections. Each is built as its own app (its own wasm, a few hundred KB
//! instead of one large download), so the server and the app must agree on which app
//! serves an address: a section owns the addresses under its prefixes, the longest
//! prefix wins, and any other address (`/`, or one that is no page) belongs to Tasks,
//! the start page. Work done on the floor and the editing of what it uses are apart:
//! filling in an audit does not download the template editor.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Tasks,
    /// Audits to fill in, their results and the monthly report.
    Audits,
    /// The audit template editor.
    AuditTemplates,
    /// Quizzes to take, results, people's records and the coverage report.
    Training,
    /// The question bank, quizzes and onboarding plans, written by managers.
    TrainingLibrary,
    Star,
    Admin,
    /// Housekeeping's rooms: the room board, the day's assignments, each attendant's
    /// rooms and the end-of-day report.
    Rooms,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Tasks,
        Section::Audits,
        Section::AuditTemplates,
        Section::Training,
        Section::TrainingLibrary,
        Section::Star,
        Section::Admin,
        Section::Rooms,
    ];

    /// The addresses the section's app serves: each prefix and everything under it.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Section::Tasks => &["/tasks"],
            Section::Audits => &["/audits"],
            Section::AuditTemplates => &["/audits/templates"],
            Section::Training => &["/training"],
            Section::TrainingLibrary => &[
                "/training/bank",
                "/training/questions",
                "/training/quizzes",
                "/training/plans",
            ],
            Section::Star => &["/star"],
            Section::Admin => &["/admin"],
            Section::Rooms => &["/rooms"],
        }
    }

    /// The section whose app serves `path` (a path without query or fragment).
    pub fn of_path(path: &str) -> Section {
        Section::ALL
            .into_iter()
            .flat_map(|section| section.prefixes().iter().map(move |prefix| (section, *prefix)))
            .filter(|(_, prefix)| {
                path.strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(_, prefix)| prefix.len())
            .map_or(Section::Tasks, |(section, _)| section)
    }

    /// Where the build puts the section's app, under the static folder: the start page's
    /// app at its root, every other in its own folder.
    pub fn app_dir(self) -> &'static str {
        match self {
            Section::Tasks => "",
            Section::Audits => "audits-app",
            Section::AuditTemplates => "audit-templates-app",
            Section::Training => "training-app",
            Section::TrainingLibrary => "training-library-app",
            Section::Star => "star-app",
            Section::Admin => "admin-app",
            Section::Rooms => "rooms-app",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn the_longest_prefix_names_the_section() {
        assert_eq!(Section::of_path("/audits"), Section::Audits);
        assert_eq!(Section::of_path("/audits/0123"), Section::Audits);
        assert_eq!(Section::of_path("/audits/templates"), Section::AuditTemplates);
        assert_eq!(Section::of_path("/audits/templates/new"), Section::AuditTemplates);
        assert_eq!(Section::of_path("/training/people/1"), Section::Training);
        assert_eq!(Section::of_path("/training/quizzes/1"), Section::TrainingLibrary);
        assert_eq!(Section::of_path("/star/2026-11"), Section::Star);
        assert_eq!(Section::of_path("/admin"), Section::Admin);
        assert_eq!(Section::of_path("/tasks/board"), Section::Tasks);
        assert_eq!(Section::of_path("/rooms/mine"), Section::Rooms);
        // The admin's list of rooms is the admin app's.
        assert_eq!(Section::of_path("/admin/rooms"), Section::Admin);
    }

    #[test]
    fn other_addresses_go_to_the_start_page_app() {
        for path in ["/", "", "/nowhere", "/auditsx", "/audits-app/x", "/roomsx"] {
            assert_eq!(Section::of_path(path), Section::Tasks, "{path}");
        }
        assert_eq!(Section::of_path("/audits/templatesx"), Section::Audits);
    }

    #[test]
    fn every_app_but_the_start_page_has_its_own_folder() {
        let mut dirs: Vec<&str> = Section::ALL.iter().map(|s| s.app_dir()).collect();
        assert_eq!(dirs[0], "");
        dirs.sort_unstable();
        dirs.dedup();
        assert_eq!(dirs.len(), Section::ALL.len());
    }
}
