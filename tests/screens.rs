//! Snapshot tests of every screen at 80x24 and 120x40, with long, accented, CJK and
//! right-to-left names, and of the too-small terminal. Render is a pure function of the state,
//! so each state is built through the reducer exactly as the app builds it.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use lazyentra::config::views::SavedView;
use lazyentra::fixtures::{self, answer, deleted_users, key, many_users, request, users};
use lazyentra::graph::{
    ApiError, Change, ChangesPage, DeltaLink, DeltaNext, GraphError, Removed, UserChange,
};
use lazyentra::runtime::worker::{Reply, RequestId};
use lazyentra::screens::Screen;
use lazyentra::screens::created_password::{CreatedPassword, Reason};
use lazyentra::state::{CredentialInfo, State};
use lazyentra::ui;
use lazyentra::update::{Msg, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn draw(state: &State, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| ui::render(state, frame)).unwrap();
    terminal
}

/// Snapshots `build(size)` at both sizes, named `<name>_<w>x<h>`.
fn snapshot_both(name: &str, build: impl Fn((u16, u16)) -> State) {
    for size in SIZES {
        let state = build(size);
        let terminal = draw(&state, size);
        assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
    }
}

/// A page of users, with a nextLink when `next`, and `count` users in all.
fn page(users: Vec<lazyentra::graph::User>, next: bool, count: u64) -> Reply {
    fixtures::page(users, next.then_some(fixtures::NEXT_LINK), Some(count))
}

fn chars(state: &mut State, text: &str) {
    fixtures::type_text(state, text);
}

fn at(size: (u16, u16)) -> State {
    let mut state = fixtures::state();
    update(&mut state, Msg::Resize(size.0, size.1));
    state
}

fn connected(size: (u16, u16), roles: &[&str]) -> (State, RequestId) {
    let mut state = at(size);
    let id = fixtures::connect(&mut state, roles);
    (state, id)
}

fn listed(size: (u16, u16)) -> State {
    let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
    let mut all = users();
    all.extend(many_users(100, 40));
    answer(&mut state, id, Ok(page(all, true, 2000)));
    state
}

fn api_error() -> GraphError {
    GraphError::Api(Box::new(ApiError {
        status: 403,
        code: "Authorization_RequestDenied".into(),
        message: "Insufficient privileges to complete the operation.".into(),
        request_id: Some("8d1f4c2a-0b7e-4c55-9a41-2f6f0f3e9b77".into()),
        date: None,
        details: vec![],
    }))
}

#[test]
fn connect_screen() {
    snapshot_both("connect_ready", at);
    snapshot_both("connect_signing_in", |size| {
        let mut state = at(size);
        key(&mut state, KeyCode::Enter);
        state
    });
    snapshot_both("connect_missing_settings", |size| {
        let mut state = at(size);
        let info = &mut state.profiles.rows[0].info;
        info.tenant_id = None;
        info.credential = CredentialInfo::Missing;
        info.status = Some("missing tenant_id; missing client secret or certificate".into());
        info.problems = vec![
            "tenant_id is not set: pass --tenant-id, set AZURE_TENANT_ID (or LAZYENTRA_TENANT_ID) or add tenant_id = \"…\" to /home/admin/.config/lazyentra/config.toml".into(),
            "client_secret is not set: set AZURE_CLIENT_SECRET (or LAZYENTRA_CLIENT_SECRET) or add client_secret = \"…\" to /home/admin/.config/lazyentra/config.toml".into(),
        ];
        state
    });
    snapshot_both("connect_certificate", |size| {
        let mut state = at(size);
        state.profiles.rows[0].info.credential = CredentialInfo::Certificate {
            path: "/home/admin/.config/lazyentra/lazyentra.pem".into(),
            thumbprint: "18E88846A7E58FBEB915AB70C00C32EB659BEB96".into(),
        };
        state
    });
    snapshot_both("connect_bad_certificate", |size| {
        let mut state = at(size);
        let info = &mut state.profiles.rows[0].info;
        info.credential = CredentialInfo::BadCertificate {
            path: "/home/admin/lazyentra.pfx".into(),
        };
        info.status = Some("certificate cannot be used".into());
        info.problems = vec![
            "/home/admin/lazyentra.pfx: wrong password for this PFX file (or it needs one): set AZURE_CLIENT_CERTIFICATE_PASSWORD or LAZYENTRA_CLIENT_CERTIFICATE_PASSWORD".into(),
        ];
        state
    });
    snapshot_both("connect_failed", |size| {
        let mut state = at(size);
        let id = request(&key(&mut state, KeyCode::Enter));
        let error = GraphError::Auth(Box::new(lazyentra::graph::AuthError {
            failure: lazyentra::graph::AuthFailure::InvalidSecret,
            status: 401,
            error: "invalid_client".into(),
            aadsts: Some(7_000_215),
            description: "AADSTS7000215: Invalid client secret provided.".into(),
            trace_id: Some("4f3e2d1c-0b9a-8765-4321-0fedcba98765".into()),
            correlation_id: Some("c0ffee00-1234-5678-9abc-def012345678".into()),
        }));
        answer(&mut state, id, Err(error));
        state
    });
    // Three profiles of a config file: one ready, one missing its secret's variable, one
    // with its secret in a file; the second selected.
    let profiles = |size: (u16, u16)| {
        let mut state = fixtures::profiles_state();
        update(&mut state, Msg::Resize(size.0, size.1));
        state
    };
    snapshot_both("connect_profiles", |size| {
        let mut state = profiles(size);
        key(&mut state, KeyCode::Down);
        state
    });
    snapshot_both("connect_profiles_filtered", |size| {
        let mut state = profiles(size);
        key(&mut state, KeyCode::Char('/'));
        chars(&mut state, "lab");
        state
    });
}

#[test]
fn user_list() {
    snapshot_both("list_loading", |size| {
        connected(size, &["User.ReadWrite.All"]).0
    });
    snapshot_both("list_loaded", listed);
    snapshot_both("list_scrolled", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::PageDown);
        key(&mut state, KeyCode::PageDown);
        state
    });
    snapshot_both("list_read_only_app", |size| {
        let (mut state, id) = connected(size, &["User.Read.All"]);
        answer(&mut state, id, Ok(page(users(), false, 10)));
        key(&mut state, KeyCode::Char('d'));
        state
    });
    snapshot_both("list_search_typing", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('/'));
        chars(&mut state, "山田");
        state
    });
    snapshot_both("list_search_no_match", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('/'));
        chars(&mut state, "xyz");
        let id = request(&key(&mut state, KeyCode::Enter));
        answer(&mut state, id, Ok(page(vec![], false, 0)));
        state
    });
    // Everything loaded; `member enabled:yes research` keeps the enabled members, sorted by
    // department descending (the header's arrow), "engineer" narrowed by the title.
    snapshot_both("list_filtered_sorted", |size| {
        let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
        answer(&mut state, id, Ok(page(users(), false, 10)));
        key(&mut state, KeyCode::Char('/'));
        chars(&mut state, "member enabled:yes o");
        key(&mut state, KeyCode::Enter);
        for _ in 0..5 {
            key(&mut state, KeyCode::Char('s'));
        }
        key(&mut state, KeyCode::Char('S'));
        state
    });
    snapshot_both("list_load_failed", |size| {
        let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
        answer(&mut state, id, Err(api_error()));
        state
    });
    // `L` two pages in, 2 seconds apart: 1,050 of 2,000, 250 users/s, 4 s left.
    snapshot_both("list_loading_all", |size| {
        let mut state = listed(size);
        let id = request(&key(&mut state, KeyCode::Char('L')));
        let more = fixtures::page(many_users(1000, 500), Some(fixtures::NEXT_LINK), None);
        update(&mut state, fixtures::streamed(id, more, 0));
        let more = fixtures::page(many_users(2000, 500), Some(fixtures::NEXT_LINK), None);
        update(&mut state, fixtures::streamed(id, more, 2));
        state
    });
}

#[test]
fn user_detail() {
    // The row's columns at once; the rest shows as loading until the user is read.
    snapshot_both("detail", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Enter);
        state
    });
    snapshot_both("detail_read", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        let fx = key(&mut state, KeyCode::Enter);
        fixtures::answer_reads(&mut state, &fx, &users());
        state
    });
    snapshot_both("detail_guest_disabled_gone", |size| {
        let mut state = listed(size);
        for _ in 0..8 {
            key(&mut state, KeyCode::Down);
        }
        let id = request(&key(&mut state, KeyCode::Enter));
        let gone = GraphError::Api(Box::new(ApiError {
            status: 404,
            code: "Request_ResourceNotFound".into(),
            message: "Resource does not exist.".into(),
            request_id: Some("r-404".into()),
            date: None,
            details: vec![],
        }));
        answer(&mut state, id, Err(gone));
        state
    });
}

/// Opens the first user's detail with its manager, reports and licences answered; returns
/// the relation requests and the one for its group memberships.
fn open_detail_but_groups(state: &mut State) -> (Vec<lazyentra::update::Effect>, RequestId) {
    use lazyentra::graph::Relation;
    let answered = [
        Relation::Manager,
        Relation::DirectReports,
        Relation::Licenses,
    ];
    let fx = fixtures::open_detail(state, &answered);
    let groups = fixtures::relation_request(&fx, Relation::MemberOf).unwrap();
    (fx, groups)
}

/// The list loaded for an app that may also read groups, roles and sign-ins.
fn listed_with_sign_ins(size: (u16, u16)) -> State {
    let (mut state, id) = connected(
        size,
        &[
            "User.ReadWrite.All",
            "Directory.Read.All",
            "AuditLog.Read.All",
        ],
    );
    answer(&mut state, id, Ok(page(users(), false, 10)));
    state
}

#[test]
fn user_detail_relations() {
    use lazyentra::graph::Relation;
    // Every section answered; the cursor at the top, then on the first direct report.
    snapshot_both("detail_relations", |size| {
        let mut state = listed_with_sign_ins(size);
        fixtures::open_detail(&mut state, &Relation::ALL);
        state
    });
    snapshot_both("detail_relations_on_a_report", |size| {
        let mut state = listed_with_sign_ins(size);
        fixtures::open_detail(&mut state, &Relation::ALL);
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Char('j'));
        state
    });
    // The bottom: sign-ins, licences and every kind of group membership.
    snapshot_both("detail_relations_bottom", |size| {
        let mut state = listed_with_sign_ins(size);
        fixtures::open_detail(&mut state, &Relation::ALL);
        key(&mut state, KeyCode::Char('G'));
        state
    });
    // The user arrived; its relations are still on their way, each with its spinner.
    snapshot_both("detail_relations_loading", |size| {
        let mut state = listed_with_sign_ins(size);
        fixtures::open_detail(&mut state, &[]);
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Tab);
        state
    });
    // Group memberships failed and the tenant has no Entra ID P1/P2; the rest loaded.
    snapshot_both("detail_relations_failed", |size| {
        let mut state = listed_with_sign_ins(size);
        let (fx, groups) = open_detail_but_groups(&mut state);
        let down = fixtures::api_error(
            503,
            "serviceNotAvailable",
            "The service is temporarily unavailable.",
        );
        answer(&mut state, groups, Err(down));
        let sign_ins = fixtures::relation_request(&fx, Relation::SignInActivity).unwrap();
        let no_premium = fixtures::api_error(
            403,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        );
        answer(&mut state, sign_ins, Err(no_premium));
        key(&mut state, KeyCode::Char('G'));
        state
    });
    // An app without AuditLog.Read.All or a group permission: reasons, not errors.
    snapshot_both("detail_relations_reader", |size| {
        let (mut state, id) = connected(size, &["User.Read.All"]);
        answer(&mut state, id, Ok(page(users(), false, 10)));
        let (_, groups) = open_detail_but_groups(&mut state);
        let hidden: Vec<_> = fixtures::memberships()
            .into_iter()
            .map(|m| lazyentra::graph::Membership {
                odata_type: m.odata_type,
                id: m.id,
                display_name: None,
                group_types: Vec::new(),
                mail_enabled: None,
                security_enabled: None,
                membership_rule: None,
            })
            .collect();
        let listing = lazyentra::graph::Listing {
            items: hidden,
            next: None,
        };
        answer(
            &mut state,
            groups,
            Ok(Reply::Related(Box::new(
                lazyentra::graph::Related::MemberOf(listing),
            ))),
        );
        key(&mut state, KeyCode::Char('G'));
        state
    });
}

#[test]
fn forms() {
    snapshot_both("form_create", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('n'));
        chars(&mut state, "Zoë 山田");
        state
    });
    snapshot_both("form_edit", |size| {
        let mut state = listed(size);
        let fx = key(&mut state, KeyCode::Enter);
        fixtures::answer_reads(&mut state, &fx, &users());
        key(&mut state, KeyCode::Char('e'));
        state
    });
}

#[test]
fn popups() {
    snapshot_both("confirm_delete", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Char('d'));
        state
    });
    snapshot_both("password_once", |size| {
        let mut state = listed(size);
        state
            .screens
            .push(Screen::CreatedPassword(Box::new(CreatedPassword {
                upn: "alan.turing@contoso.onmicrosoft.com".into(),
                password: "Kq7#vLp2!xR9mWz4".into(),
                reason: Reason::Created,
            })));
        state
    });
    snapshot_both("help_list", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('?'));
        state
    });
    snapshot_both("help_read_only_detail", |size| {
        let (mut state, id) = connected(size, &["User.Read.All"]);
        answer(&mut state, id, Ok(page(users(), false, 10)));
        let fx = key(&mut state, KeyCode::Enter);
        fixtures::answer_reads(&mut state, &fx, &users());
        key(&mut state, KeyCode::Char('?'));
        state
    });
}

#[test]
fn command_prompt() {
    snapshot_both("command_prompt_matches", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char(':'));
        chars(&mut state, "d");
        state
    });
    snapshot_both("command_prompt_unknown", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char(':'));
        chars(&mut state, "delted");
        key(&mut state, KeyCode::Enter);
        state
    });
}

/// Ada's job title changed to "Chief Analyst" and saved.
fn job_title_saved(size: (u16, u16)) -> State {
    let mut state = listed(size);
    // `e` reads the user first (the row holds only the list's columns).
    let read = request(&key(&mut state, KeyCode::Char('e')));
    answer(
        &mut state,
        read,
        Ok(Reply::User(Box::new(users()[0].clone()))),
    );
    for _ in 0..5 {
        key(&mut state, KeyCode::Tab);
    }
    update(&mut state, fixtures::ctrl('u'));
    chars(&mut state, "Chief Analyst");
    update(&mut state, fixtures::ctrl('s'));
    let id = request(&key(&mut state, KeyCode::Enter));
    answer(&mut state, id, Ok(Reply::Updated));
    state
}

#[test]
fn undo() {
    snapshot_both("undo_offered", job_title_saved);
    snapshot_both("undo_review", |size| {
        let mut state = job_title_saved(size);
        key(&mut state, KeyCode::Char('z'));
        state
    });
}

#[test]
fn overview() {
    snapshot_both("overview", |size| {
        let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
        let mut all = users();
        all.extend(many_users(100, 200));
        for (i, user) in all.iter_mut().enumerate() {
            user.department = Some(
                [
                    "Research",
                    "Finance",
                    "Sales",
                    "Human Resources",
                    "Legal",
                    "IT",
                ][i % 6 * i % 5]
                    .to_owned(),
            );
            user.created_date_time = Some(
                chrono::TimeZone::with_ymd_and_hms(
                    &chrono::Utc,
                    2025 + (i % 2) as i32,
                    1 + (i * 7 % 12) as u32,
                    1,
                    0,
                    0,
                    0,
                )
                .unwrap(),
            );
        }
        answer(&mut state, id, Ok(page(all, true, 2000)));
        key(&mut state, KeyCode::Char('o'));
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        state
    });
}

#[test]
fn help_follows_rebound_keys() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("delete".to_owned(), vec!["D".to_owned()]);
    keys.insert("down".to_owned(), vec!["j".to_owned(), "ctrl-n".to_owned()]);
    let keymap = lazyentra::keymap::Keymap::from_config(&keys).unwrap();
    let mut state = listed((120, 40));
    state.keymap = keymap;
    key(&mut state, KeyCode::Char('?'));
    let terminal = draw(&state, (120, 40));
    assert_snapshot!("help_rebound_120x40", terminal.backend());
}

#[test]
fn status_line_keeps_the_request_id() {
    let mut state = listed((80, 24));
    let id = request(&key(&mut state, KeyCode::Char('r')));
    answer(&mut state, id, Err(api_error()));
    let terminal = draw(&state, (80, 24));
    let status = terminal.backend().buffer().content()[80 * 22..80 * 23]
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect::<String>();
    assert!(
        status.contains("(request-id 8d1f4c2a-0b7e-4c55-9a41-2f6f0f3e9b77)"),
        "{status}"
    );
}

#[test]
fn too_small() {
    for size in [(59, 24), (80, 14), (40, 10)] {
        let state = listed(size);
        let terminal = draw(&state, size);
        assert_snapshot!(
            format!("too_small_{}x{}", size.0, size.1),
            terminal.backend()
        );
    }
}

#[test]
fn guests_and_disabled_accounts_differ_in_text_and_colour() {
    let state = listed((120, 40));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let row_text = |y: u16| -> String {
        (0..120)
            .map(|x| buffer.cell((x, y)).unwrap().symbol().to_owned())
            .collect()
    };
    let find = |needle: &str| (0..40).find(|y| row_text(*y).contains(needle)).unwrap();
    let guest = find("Linus Guest");
    let disabled = find("Former Employee");
    let member = find("Grace Hopper");
    assert!(row_text(guest).contains("guest"));
    assert!(row_text(disabled).contains("✗ no"));
    let fg = |y: u16| buffer.cell((4, y)).unwrap().fg;
    assert_eq!(fg(guest), ratatui::style::Color::Cyan);
    assert_eq!(fg(disabled), ratatui::style::Color::DarkGray);
    assert_eq!(fg(member), ratatui::style::Color::Reset);
}

#[test]
fn the_search_cursor_sits_after_wide_characters() {
    let mut state = listed((80, 24));
    key(&mut state, KeyCode::Char('/'));
    chars(&mut state, "山田");
    let mut terminal = draw(&state, (80, 24));
    // "Search: " is 8 cells, each ideograph 2: the cursor is at column 12 of row 2.
    terminal.backend_mut().assert_cursor_position((12, 2));
}

/// The cells of row `y` whose symbols spell `needle`, first match.
fn cells_of<'a>(
    buffer: &'a ratatui::buffer::Buffer,
    y: u16,
    needle: &str,
) -> Vec<&'a ratatui::buffer::Cell> {
    let width = buffer.area.width;
    let row: Vec<&ratatui::buffer::Cell> = (0..width).map(|x| &buffer[(x, y)]).collect();
    let text: Vec<&str> = row.iter().map(|c| c.symbol()).collect();
    let wanted: Vec<String> = needle.chars().map(String::from).collect();
    let start = (0..row.len().saturating_sub(wanted.len()))
        .find(|&x| wanted.iter().enumerate().all(|(i, w)| text[x + i] == w))
        .unwrap_or_else(|| panic!("'{needle}' not on row {y}: {}", text.concat()));
    row[start..start + wanted.len()].to_vec()
}

/// The first row holding `needle`.
fn row_with(buffer: &ratatui::buffer::Buffer, needle: &str) -> u16 {
    let width = buffer.area.width;
    (0..buffer.area.height)
        .find(|&y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.contains(needle)
        })
        .unwrap_or_else(|| panic!("'{needle}' is not on screen"))
}

#[test]
fn disabled_actions_are_struck_through_and_dim_not_only_missing() {
    use ratatui::style::{Color, Modifier};
    let (mut state, id) = connected((120, 40), &["User.Read.All"]);
    answer(&mut state, id, Ok(page(users(), false, 10)));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let hints = 39;
    for disabled in ["n new", "e edit", "d delete"] {
        for cell in cells_of(buffer, hints, disabled) {
            assert!(cell.modifier.contains(Modifier::CROSSED_OUT), "{disabled}");
            assert_eq!(cell.fg, Color::DarkGray, "{disabled}");
        }
    }
    // An available action: its key stands out, nothing is struck through.
    let open = cells_of(buffer, hints, "Enter open");
    assert_eq!(open[0].fg, Color::Cyan);
    assert!(
        open.iter()
            .all(|c| !c.modifier.contains(Modifier::CROSSED_OUT))
    );
}

#[test]
fn errors_are_red_and_marked_with_a_cross() {
    use ratatui::style::Color;
    let mut state = listed((120, 40));
    let id = request(&key(&mut state, KeyCode::Char('r')));
    answer(&mut state, id, Err(api_error()));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let status = cells_of(buffer, 38, "✗ ");
    assert_eq!(status[0].fg, Color::Red);
    // The help names why a write is disabled, in red beside the dimmed action.
    let (mut state, id) = connected((120, 40), &["User.Read.All"]);
    answer(&mut state, id, Ok(page(users(), false, 10)));
    key(&mut state, KeyCode::Char('?'));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let y = row_with(buffer, "new user");
    let why = cells_of(buffer, y, "disabled: needs User.ReadWrite.All");
    assert!(why.iter().all(|c| c.fg == Color::Red));
    assert_eq!(cells_of(buffer, y, "new user")[0].fg, Color::DarkGray);
}

#[test]
fn the_focused_form_field_has_a_marker_and_colour() {
    use ratatui::style::Color;
    let mut state = listed((120, 40));
    key(&mut state, KeyCode::Char('n'));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let y = row_with(buffer, "› Display name*");
    let label = cells_of(buffer, y, "› Display name");
    assert!(label.iter().all(|c| c.fg == Color::Cyan));
    let other = row_with(buffer, "Given name");
    assert_ne!(cells_of(buffer, other, "Given name")[0].fg, Color::Cyan);
}

#[test]
fn error_history() {
    snapshot_both("error_history", |size| {
        let mut state = listed(size);
        // A failed refresh and a failed sign-in's worth of ids.
        let id = request(&key(&mut state, KeyCode::Char('r')));
        answer(&mut state, id, Err(api_error()));
        let id = request(&key(&mut state, KeyCode::Char('r')));
        answer(
            &mut state,
            id,
            Err(GraphError::Throttled {
                retry_after: None,
                request_id: Some("5c2a1e07-aaaa-bbbb-cccc-1234567890ab".into()),
            }),
        );
        key(&mut state, KeyCode::Char('E'));
        // The older one, selected: its whole message shows below the table.
        key(&mut state, KeyCode::Down);
        state
    });
    snapshot_both("error_history_empty", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('E'));
        state
    });
}

/// The user list with the deleted users open over it.
fn deleted(size: (u16, u16), roles: &[&str]) -> State {
    let (mut state, id) = connected(size, roles);
    answer(&mut state, id, Ok(page(users(), false, 10)));
    let id = request(&key(&mut state, KeyCode::Char('D')));
    answer(&mut state, id, Ok(page(deleted_users(), false, 5)));
    state
}

#[test]
fn deleted_users_screen_and_dialogs() {
    snapshot_both("deleted_users", |size| {
        let mut state = deleted(size, &["User.ReadWrite.All"]);
        key(&mut state, KeyCode::Down);
        state
    });
    snapshot_both("deleted_users_read_only_app", |size| {
        let mut state = deleted(size, &["User.Read.All"]);
        key(&mut state, KeyCode::Char('u'));
        state
    });
    snapshot_both("deleted_users_empty", |size| {
        let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
        answer(&mut state, id, Ok(page(users(), false, 10)));
        let id = request(&key(&mut state, KeyCode::Char('D')));
        answer(&mut state, id, Ok(page(vec![], false, 0)));
        state
    });
    snapshot_both("confirm_restore", |size| {
        let mut state = deleted(size, &["User.ReadWrite.All"]);
        key(&mut state, KeyCode::Char('u'));
        state
    });
    snapshot_both("confirm_purge_typing", |size| {
        let mut state = deleted(size, &["User.ReadWrite.All"]);
        for _ in 0..4 {
            key(&mut state, KeyCode::Down);
        }
        key(&mut state, KeyCode::Char('P'));
        chars(&mut state, "linus_example");
        state
    });
    snapshot_both("confirm_purge_matched", |size| {
        let mut state = deleted(size, &["User.ReadWrite.All"]);
        key(&mut state, KeyCode::Char('P'));
        chars(&mut state, "Ada Lovelace");
        state
    });
}

#[test]
fn sign_in_dialogs() {
    snapshot_both("confirm_block", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('b'));
        state
    });
    snapshot_both("confirm_block_without_revoke", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Char('b'));
        key(&mut state, KeyCode::Char(' '));
        state
    });
    snapshot_both("confirm_unblock", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('G'));
        key(&mut state, KeyCode::Char('b'));
        state
    });
    snapshot_both("confirm_revoke_from_detail", |size| {
        let mut state = listed(size);
        let fx = key(&mut state, KeyCode::Enter);
        fixtures::answer_reads(&mut state, &fx, &users());
        key(&mut state, KeyCode::Char('R'));
        state
    });
    snapshot_both("blocking", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('b'));
        key(&mut state, KeyCode::Char('y'));
        state
    });
}

/// `p` on the selected user, with the password the app generates for it.
fn reset_dialog(size: (u16, u16), downs: usize) -> State {
    let mut state = listed(size);
    for _ in 0..downs {
        key(&mut state, KeyCode::Down);
    }
    key(&mut state, KeyCode::Char('p'));
    update(
        &mut state,
        Msg::PasswordGenerated("Kq7#vLp2!xR9mWz4".to_owned().into()),
    );
    state
}

/// Ada's detail, read back.
fn on_detail(size: (u16, u16)) -> State {
    let mut state = listed(size);
    let id = request(&key(&mut state, KeyCode::Enter));
    answer(
        &mut state,
        id,
        Ok(Reply::User(Box::new(users()[0].clone()))),
    );
    state
}

/// The whole tenant listed with its delta link, the cursor on the third user.
fn tracked(size: (u16, u16)) -> State {
    let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
    answer(&mut state, id, Ok(page(users(), false, 10)));
    let link = DeltaLink("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=t0".into());
    answer(&mut state, id + 1, Ok(Reply::Tracking(link)));
    key(&mut state, KeyCode::Down);
    key(&mut state, KeyCode::Down);
    state
}

#[test]
fn reset_password_dialog() {
    snapshot_both("reset_password_generated", |size| reset_dialog(size, 0));
    snapshot_both("reset_password_typed_weak", |size| {
        let mut state = reset_dialog(size, 2);
        chars(&mut state, "Abc 1");
        key(&mut state, KeyCode::Enter);
        state
    });
    snapshot_both("reset_password_on_a_checkbox", |size| {
        let mut state = reset_dialog(size, 0);
        chars(&mut state, "Own-Passw0rd");
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Tab);
        key(&mut state, KeyCode::Char(' '));
        state
    });
    snapshot_both("reset_password_refused", |size| {
        let mut state = reset_dialog(size, 6);
        let id = request(&key(&mut state, KeyCode::Enter));
        answer(&mut state, id, Err(api_error()));
        state
    });
    snapshot_both("reset_password_sending", |size| {
        let mut state = reset_dialog(size, 0);
        key(&mut state, KeyCode::Enter);
        state
    });
    snapshot_both("reset_password_shown_once", |size| {
        let mut state = reset_dialog(size, 0);
        let id = request(&key(&mut state, KeyCode::Enter));
        answer(&mut state, id, Ok(Reply::Updated));
        state
    });
}

/// Types `text` into the picker and lets the search pause pass; returns the search request.
fn picker_search(state: &mut State, text: &str) -> RequestId {
    let mut generation = None;
    for c in text.chars() {
        for effect in key(state, KeyCode::Char(c)) {
            if let lazyentra::update::Effect::Debounce { generation: g, .. } = effect {
                generation = Some(g);
            }
        }
    }
    request(&update(state, Msg::SearchDue(generation.unwrap())))
}

#[test]
fn manager_dialogs() {
    let grace = || Box::new(users()[6].clone());
    snapshot_both("manager_picker_opened", |size| {
        let mut state = on_detail(size);
        key(&mut state, KeyCode::Char('m'));
        state
    });
    snapshot_both("manager_picker", |size| {
        let mut state = on_detail(size);
        let current = request(&key(&mut state, KeyCode::Char('m')));
        answer(&mut state, current, Ok(Reply::Manager(Some(grace()))));
        let id = picker_search(&mut state, "a");
        let found = vec![
            users()[1].clone(),
            users()[0].clone(),
            users()[6].clone(),
            users()[5].clone(),
        ];
        answer(&mut state, id, Ok(fixtures::page(found, None, None)));
        // On the user itself: the picker says why it cannot be picked.
        key(&mut state, KeyCode::Down);
        state
    });
    snapshot_both("manager_picker_nothing_found", |size| {
        let mut state = on_detail(size);
        let current = request(&key(&mut state, KeyCode::Char('m')));
        answer(&mut state, current, Ok(Reply::Manager(None)));
        let id = picker_search(&mut state, "zzz");
        answer(&mut state, id, Ok(fixtures::page(vec![], None, None)));
        state
    });
    snapshot_both("confirm_clear_manager", |size| {
        let mut state = on_detail(size);
        let current = request(&key(&mut state, KeyCode::Char('M')));
        answer(&mut state, current, Ok(Reply::Manager(Some(grace()))));
        state
    });
    snapshot_both("clear_manager_none", |size| {
        let mut state = on_detail(size);
        let current = request(&key(&mut state, KeyCode::Char('M')));
        answer(&mut state, current, Ok(Reply::Manager(None)));
        state
    });
}

#[test]
fn export_dialog() {
    use lazyentra::export::job::ExportMsg;
    use lazyentra::export::target::ExportError;
    // Pages remain: the dialog says only loaded users are written.
    snapshot_both("export_prompt", |size| {
        let mut state = listed(size);
        fixtures::open_export(&mut state);
        state
    });
    snapshot_both("export_prompt_json_exists", |size| {
        let mut state = listed(size);
        fixtures::open_export(&mut state);
        key(&mut state, KeyCode::Tab);
        let job = fixtures::export_job(&key(&mut state, KeyCode::Enter));
        let path = "/home/admin/exports/lazyentra-users-20261202-031500.json".into();
        let exists = ExportError::Exists { path };
        update(
            &mut state,
            Msg::Export(ExportMsg::Done {
                id: job.id,
                result: Err(exists),
            }),
        );
        state
    });
    snapshot_both("export_writing", |size| {
        let (mut state, id) = connected(size, &["User.ReadWrite.All"]);
        answer(&mut state, id, Ok(page(many_users(0, 3000), false, 3000)));
        fixtures::open_export(&mut state);
        let job = fixtures::export_job(&key(&mut state, KeyCode::Enter));
        update(
            &mut state,
            Msg::Export(ExportMsg::Progress {
                id: job.id,
                rows: 1024,
            }),
        );
        state
    });
}

#[test]
fn the_detail_cursor_row_is_highlighted_across_the_width() {
    use lazyentra::graph::Relation;
    use ratatui::style::Modifier;
    let mut state = listed_with_sign_ins((80, 24));
    fixtures::open_detail(&mut state, &Relation::ALL);
    key(&mut state, KeyCode::Tab);
    key(&mut state, KeyCode::Tab);
    key(&mut state, KeyCode::Char('j'));
    let terminal = draw(&state, (80, 24));
    let buffer = terminal.backend().buffer();
    let cursor = row_with(buffer, "Katherine Johnson");
    let other = row_with(buffer, "Direct reports (2)");
    let reversed = |x: u16, y: u16| {
        buffer
            .cell((x, y))
            .unwrap()
            .modifier
            .contains(Modifier::REVERSED)
    };
    assert!((0..80).all(|x| reversed(x, cursor)), "the whole row");
    assert!((0..80).all(|x| !reversed(x, other)));
    // The hint says what Enter does there.
    assert!(
        buffer_text(buffer, 23).starts_with("Enter open report"),
        "{}",
        buffer_text(buffer, 23)
    );
}

fn buffer_text(buffer: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer.cell((x, y)).unwrap().symbol().to_owned())
        .collect()
}

/// The list, signed in with an app that may read the tenant's domains, and Graph's answer.
fn listed_with_domains(size: (u16, u16)) -> State {
    let mut state = at(size);
    let connect = request(&key(&mut state, KeyCode::Enter));
    let token = fixtures::token(&["User.ReadWrite.All", "Domain.Read.All"]);
    let fx = answer(&mut state, connect, Ok(Reply::Connected(Box::new(token))));
    let runs = fixtures::runs(&fx);
    answer(&mut state, runs[0].0, Ok(page(users(), false, 10)));
    let domain = |id: &str, verified, default| lazyentra::graph::Domain {
        id: id.into(),
        is_verified: verified,
        is_default: default,
        is_initial: id.ends_with(".onmicrosoft.com"),
    };
    let domains = vec![
        domain(fixtures::TENANT, true, false),
        domain("contoso.com", true, true),
        domain("fabrikam.com", false, false),
    ];
    // Beside the page: the listing's delta link, and the domains.
    let asked = runs
        .iter()
        .find(|(_, op)| *op == lazyentra::runtime::worker::Op::ListDomains)
        .unwrap()
        .0;
    answer(&mut state, asked, Ok(Reply::Domains(domains)));
    state
}

/// Ada's edit form with its UPN field focused.
fn editing_upn(size: (u16, u16)) -> State {
    let mut state = listed_with_domains(size);
    // `e` reads the user first (the row holds only the list's columns).
    let read = request(&key(&mut state, KeyCode::Char('e')));
    answer(
        &mut state,
        read,
        Ok(Reply::User(Box::new(users()[0].clone()))),
    );
    for _ in 0..3 {
        key(&mut state, KeyCode::Tab);
    }
    state
}

#[test]
fn upn_rename() {
    snapshot_both("form_edit_upn_focused", editing_upn);
    snapshot_both("form_edit_upn_domains", |size| {
        let mut state = editing_upn(size);
        update(&mut state, fixtures::ctrl('d'));
        key(&mut state, KeyCode::Down);
        state
    });
    snapshot_both("form_edit_upn_review", |size| {
        let mut state = editing_upn(size);
        update(&mut state, fixtures::ctrl('u'));
        chars(&mut state, "countess@contoso.com");
        update(&mut state, fixtures::ctrl('s'));
        state
    });
    snapshot_both("form_edit_upn_unverified", |size| {
        let mut state = editing_upn(size);
        update(&mut state, fixtures::ctrl('u'));
        chars(&mut state, "ada@gmail.com");
        state
    });
}

#[test]
fn refresh_by_delta() {
    snapshot_both("refreshed_by_delta", |size| {
        let mut state = tracked(size);
        let round = request(&key(&mut state, KeyCode::Char('r')));
        let all = users();
        let newcomer = fixtures::user(50, "Alan Turing", "alan");
        let changes = vec![
            UserChange {
                id: newcomer.id.clone(),
                display_name: Change::Set("Alan Turing".into()),
                user_principal_name: Change::Set(newcomer.upn().to_owned()),
                account_enabled: Change::Set(true),
                ..UserChange::default()
            },
            UserChange {
                id: all[0].id.clone(),
                job_title: Change::Set("Countess".into()),
                ..UserChange::default()
            },
            UserChange {
                id: all[1].id.clone(),
                removed: Some(Removed {
                    reason: "changed".into(),
                }),
                ..UserChange::default()
            },
        ];
        let link = DeltaLink("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=t1".into());
        answer(
            &mut state,
            round,
            Ok(Reply::Changes(ChangesPage {
                changes,
                next: DeltaNext::Done(link),
            })),
        );
        state
    });
    snapshot_both("refresh_link_expired", |size| {
        let mut state = tracked(size);
        let round = request(&key(&mut state, KeyCode::Char('r')));
        let expired = GraphError::DeltaExpired(Box::new(ApiError {
            status: 400,
            code: "syncStateNotFound".into(),
            message: "The sync state generation is not found.".into(),
            request_id: Some("r-410".into()),
            date: None,
            details: vec![],
        }));
        answer(&mut state, round, Err(expired));
        state
    });
}

/// The list with City, Country, Employee ID and On-premises sync shown after Department: the
/// chooser's Enter loads the users again with those properties.
fn with_extra_columns(size: (u16, u16)) -> State {
    let mut state = listed(size);
    key(&mut state, KeyCode::Char('c'));
    for field in ["City", "Country", "Employee ID", "On-premises sync"] {
        key(&mut state, KeyCode::Char('g'));
        for _ in 0..20 {
            let chooser = state
                .screens
                .top_as::<lazyentra::screens::column_chooser::ColumnChooser>()
                .unwrap();
            if chooser.items[chooser.cursor].field.title() == field {
                break;
            }
            key(&mut state, KeyCode::Char('j'));
        }
        key(&mut state, KeyCode::Char(' '));
    }
    let id = request(&key(&mut state, KeyCode::Enter));
    let mut all = users();
    all.extend(many_users(100, 40));
    for (i, user) in all.iter_mut().enumerate() {
        user.on_premises_sync_enabled = (i % 3 != 0).then_some(true);
        if i % 4 == 0 {
            user.city = Some("São Paulo".into());
            user.country = Some("Brazil".into());
        }
    }
    answer(&mut state, id, Ok(page(all, true, 2000)));
    state
}

#[test]
fn column_chooser_and_extra_columns() {
    snapshot_both("column_chooser", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('c'));
        key(&mut state, KeyCode::Char('j'));
        key(&mut state, KeyCode::Char('+'));
        key(&mut state, KeyCode::Char('G'));
        key(&mut state, KeyCode::Char(' '));
        state
    });
    snapshot_both("column_chooser_last_column", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('c'));
        for _ in 0..7 {
            key(&mut state, KeyCode::Char(' '));
        }
        state
    });
    snapshot_both("list_extra_columns", with_extra_columns);
    snapshot_both("list_extra_columns_sorted", |size| {
        let mut state = with_extra_columns(size);
        // Sorted by city: the eighth column.
        for _ in 0..8 {
            key(&mut state, KeyCode::Char('s'));
        }
        state
    });
    snapshot_both("command_prompt_views", |size| {
        let mut state = listed(size);
        state.views.insert("hr".into(), SavedView::default());
        state
            .views
            .insert("hr-leavers".into(), SavedView::default());
        key(&mut state, KeyCode::Char(':'));
        chars(&mut state, "view h");
        state
    });
}

/// `I` on the list with a path typed and Tab's matches, and with a file that is not the
/// template.
#[test]
fn import_prompt() {
    use lazyentra::import::{ImportError, ImportMsg};
    snapshot_both("import_prompt", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('I'));
        chars(&mut state, "~/hires");
        update(
            &mut state,
            fixtures::path_completed(
                "~/hires",
                "~/hires-",
                &["hires-april.csv", "hires-march.csv"],
            ),
        );
        state
    });
    snapshot_both("import_prompt_refused", |size| {
        let mut state = listed(size);
        key(&mut state, KeyCode::Char('I'));
        chars(&mut state, "~/users.csv");
        let fx = key(&mut state, KeyCode::Enter);
        let id = fixtures::import_read(&fx);
        let problem = lazyentra::import::read(b"Name,Email\nAda,ada@contoso.com\n").unwrap_err();
        update(
            &mut state,
            Msg::Import(ImportMsg::Checked {
                id,
                result: Err(ImportError::Template {
                    path: "/home/admin/users.csv".into(),
                    problem,
                }),
            }),
        );
        state
    });
}

/// A file of the template checked: valid rows, refused rows with several problems, a CJK name.
fn import_reviewed(size: (u16, u16)) -> State {
    use lazyentra::import::{CheckedFile, Domains, ImportMsg, check, read};
    let mut state = listed(size);
    key(&mut state, KeyCode::Char(':'));
    chars(&mut state, "import ~/hires.csv");
    let fx = key(&mut state, KeyCode::Enter);
    let id = fixtures::import_read(&fx);
    let file = "version:v1.0\n\
        Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Usage location [usageLocation]\n\
        Ada Lovelace,ada@contoso.onmicrosoft.com,generate,No,GB\n\
        山田 太郎,taro@contoso.onmicrosoft.com,Xy7!secret-ok,Yes,JP\n\
        Bob Smith,bob@fabrikam.com,password,Maybe,\n\
        ,,,No,\n\
        Ada Again,ADA@contoso.onmicrosoft.com,generate,No,USA\n\
        Grace Hopper,grace@contoso.onmicrosoft.com,generate,No,US\n";
    let sheet = read(file.as_bytes()).unwrap();
    let checked = check(
        &sheet,
        &Domains::new(["contoso.onmicrosoft.com".to_owned()]),
    );
    update(
        &mut state,
        Msg::Import(ImportMsg::Checked {
            id,
            result: Ok(Box::new(CheckedFile {
                path: "/home/admin/hires.csv".into(),
                checked,
            })),
        }),
    );
    state
}

/// `y` on the review: the passwords written, the creates sent; the progress dialog is over
/// the review. Returns the bulk run's id.
fn import_sent(state: &mut State) -> RequestId {
    use lazyentra::import::{Generated, ImportMsg};
    use lazyentra::update::Effect;
    let fx = key(state, KeyCode::Char('y'));
    let Some(Effect::ImportPasswords { id, upns, .. }) = fx.first() else {
        panic!("passwords first: {fx:?}");
    };
    let passwords = upns
        .iter()
        .map(|_| secrecy::SecretString::from("Kq7#vLp2!xR9mWz4"))
        .collect();
    let fx = update(
        state,
        Msg::Import(ImportMsg::Passwords {
            id: *id,
            result: Ok(Generated {
                path: "/home/admin/hires.passwords-20261202-070509.csv".into(),
                passwords,
            }),
        }),
    );
    fixtures::bulk_run(&fx).0
}

#[test]
fn import_sent_and_summed_up() {
    use lazyentra::graph::{BatchReply, Outcome};
    snapshot_both("import_creating", |size| {
        let mut state = import_reviewed(size);
        import_sent(&mut state);
        state
    });
    snapshot_both("import_summary", |size| {
        let mut state = import_reviewed(size);
        let bulk = import_sent(&mut state);
        let created = |n, name, alias| {
            Outcome::Succeeded(BatchReply::Created(Box::new(fixtures::user(
                n, name, alias,
            ))))
        };
        let report = fixtures::bulk_report(
            vec![
                created(300, "Ada Lovelace", "ada"),
                created(301, "山田 太郎", "taro"),
                Outcome::Failed(GraphError::Api(Box::new(ApiError {
                    status: 400,
                    code: "Request_BadRequest".into(),
                    message: "Another object with the same value for property userPrincipalName already exists.".into(),
                    request_id: Some("5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f".into()),
                    date: None,
                    details: vec![],
                }))),
            ],
            2,
        );
        answer(&mut state, bulk, Ok(report));
        state
    });
}

#[test]
fn import_review() {
    snapshot_both("import_review", import_reviewed);
    snapshot_both("import_review_scrolled", |size| {
        let mut state = import_reviewed(size);
        key(&mut state, KeyCode::Down);
        state
    });
}

/// A bulk block of the first `n` listed users, started as the marked users' review starts it.
fn bulk_block(state: &mut State, n: usize) -> RequestId {
    use lazyentra::graph::{BatchOp, UserPatch};
    use lazyentra::screens::bulk_progress::{self, BulkItem, BulkJob};
    let list = state.screens.list().unwrap();
    let items = list.shown[..n]
        .iter()
        .map(|&i| {
            let row = &list.rows[i];
            BulkItem {
                op: BatchOp::Update {
                    id: row.id(),
                    patch: Box::new(UserPatch {
                        account_enabled: Some(false),
                        ..UserPatch::default()
                    }),
                },
                label: row.label().to_owned(),
                upn: row.upn().to_owned(),
            }
        })
        .collect();
    let job = BulkJob {
        title: "Block sign-in".to_owned(),
        items,
        skipped: Some("1 already blocked".to_owned()),
    };
    let mut fx = lazyentra::effect::Effects::default();
    bulk_progress::start(state, job, &mut fx);
    fixtures::bulk_run(&fx.into_vec()).0
}

#[test]
fn bulk_progress_and_summary() {
    use lazyentra::graph::{BatchEvent, BatchProgress, BatchReply, Outcome};
    use std::time::Duration;
    let running = |size| {
        let mut state = listed(size);
        let id = bulk_block(&mut state, 20);
        let progress = BatchProgress {
            total: 20,
            succeeded: 11,
            failed: 2,
            retrying: 3,
            cancelled: 0,
            elapsed: Duration::from_millis(1500),
        };
        update(
            &mut state,
            fixtures::bulk_event(id, BatchEvent::Progress(progress)),
        );
        let throttled = BatchEvent::Throttled {
            status: 429,
            items: 3,
            wait: Duration::from_secs(2),
        };
        update(&mut state, fixtures::bulk_event(id, throttled));
        (state, id)
    };
    snapshot_both("bulk_progress", |size| running(size).0);
    snapshot_both("bulk_progress_stopping", |size| {
        let (mut state, _) = running(size);
        key(&mut state, KeyCode::Esc);
        state
    });
    let finished = |size| {
        let (mut state, id) = running(size);
        let mut outcomes = vec![Outcome::Succeeded(BatchReply::Updated); 20];
        outcomes[1] = Outcome::Failed(api_error());
        outcomes[6] = Outcome::Failed(GraphError::Throttled {
            retry_after: Some(Duration::from_secs(30)),
            request_id: Some("5b0e2c1d-77aa-4c1e-9d0b-6a1f2e3d4c5b".into()),
        });
        outcomes[8] = Outcome::Failed(api_error());
        outcomes[18] = Outcome::Cancelled;
        outcomes[19] = Outcome::Cancelled;
        answer(&mut state, id, Ok(fixtures::bulk_report(outcomes, 4)));
        state
    };
    snapshot_both("bulk_summary", finished);
    snapshot_both("bulk_summary_scrolled", |size| {
        let mut state = finished(size);
        key(&mut state, KeyCode::End);
        state
    });
}
/// Profile `which` of [`fixtures::profiles`] (0 contoso in cyan, 2 lab) signed in at `size`,
/// its organisation named `org` when given, its first page listed.
fn on_profile(size: (u16, u16), which: usize, org: Option<&str>) -> State {
    let mut state = fixtures::profiles_state();
    update(&mut state, Msg::Resize(size.0, size.1));
    for _ in 0..which {
        key(&mut state, KeyCode::Down);
    }
    let id = request(&key(&mut state, KeyCode::Enter));
    let token = fixtures::token(&["User.ReadWrite.All", "Directory.Read.All"]);
    let fx = update(
        &mut state,
        fixtures::ok(id, Reply::Connected(Box::new(token))),
    );
    let runs = fixtures::runs(&fx);
    let list = runs[0].0;
    answer(&mut state, list, Ok(page(users(), true, 2000)));
    if let Some((org_id, _)) = runs
        .iter()
        .find(|(_, op)| *op == lazyentra::runtime::worker::Op::GetOrganization)
    {
        let name = org.map(|o| lazyentra::graph::Organization {
            id: "t".to_owned(),
            display_name: Some(o.to_owned()),
            verified_domains: Vec::new(),
        });
        answer(
            &mut state,
            *org_id,
            Ok(Reply::Organization(name.map(Box::new))),
        );
    }
    state
}

#[test]
fn profile_picker() {
    snapshot_both("profile_picker", |size| {
        let mut state = on_profile(size, 0, Some("Contoso Ltd"));
        key(&mut state, KeyCode::Char('T'));
        state
    });
    snapshot_both("profile_picker_filtered", |size| {
        let mut state = on_profile(size, 0, Some("Contoso Ltd"));
        key(&mut state, KeyCode::Char('T'));
        chars(&mut state, "fab");
        state
    });
}

#[test]
fn the_header_names_the_profile_and_organisation_in_its_accent() {
    snapshot_both("header_accent", |size| {
        on_profile(size, 0, Some("Contoso Ltd"))
    });
    // A read-only profile says so; without the organisation's name, its domain stands in.
    let read_only = |size: (u16, u16)| {
        let mut state = fixtures::profiles_state();
        state.profiles.rows[2].info.read_only = true;
        state.profiles.rows[2].info.accent = Some(ratatui::style::Color::Magenta);
        update(&mut state, Msg::Resize(size.0, size.1));
        key(&mut state, KeyCode::Down);
        key(&mut state, KeyCode::Down);
        let id = request(&key(&mut state, KeyCode::Enter));
        let token = fixtures::token(&["User.Read.All"]);
        let fx = update(
            &mut state,
            fixtures::ok(id, Reply::Connected(Box::new(token))),
        );
        answer(&mut state, request(&fx), Ok(page(users(), true, 2000)));
        state
    };
    snapshot_both("header_read_only", read_only);

    // The colour is the profile's, and the name says it without colour too.
    let state = on_profile((120, 40), 0, Some("Contoso Ltd"));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let top = buffer_text(buffer, 0);
    assert!(
        top.starts_with("lazyentra › contoso · Contoso Ltd › Users"),
        "{top}"
    );
    let x = top.find("contoso").unwrap() as u16 - 2; // "›" is 3 bytes, 1 cell
    let cell = &buffer[(x, 0)];
    assert_eq!(cell.symbol(), "c");
    assert_eq!(cell.fg, ratatui::style::Color::Cyan);
    assert!(cell.modifier.contains(ratatui::style::Modifier::BOLD));

    let state = read_only((120, 40));
    let top = buffer_text(draw(&state, (120, 40)).backend().buffer(), 0);
    assert!(
        top.starts_with("lazyentra › lab · contoso.onmicrosoft.com read-only › Users"),
        "{top}"
    );
}

/// The list with Ada, José and the disabled Former Employee marked.
fn marked(size: (u16, u16)) -> State {
    let mut state = listed(size);
    key(&mut state, KeyCode::Char(' '));
    key(&mut state, KeyCode::Char(' '));
    for _ in 0..7 {
        key(&mut state, KeyCode::Down);
    }
    key(&mut state, KeyCode::Char(' '));
    state
}

#[test]
fn marks_and_the_bulk_reviews() {
    snapshot_both("marked_users", marked);
    snapshot_both("clear_marks", |size| {
        let mut state = marked(size);
        key(&mut state, KeyCode::Esc);
        state
    });
    snapshot_both("bulk_review_block", |size| {
        let mut state = marked(size);
        key(&mut state, KeyCode::Char('b'));
        state
    });
    snapshot_both("bulk_review_unblock", |size| {
        let mut state = marked(size);
        key(&mut state, KeyCode::Char('b'));
        key(&mut state, KeyCode::Tab);
        state
    });
    snapshot_both("bulk_review_delete_typed", |size| {
        let mut state = marked(size);
        for _ in 0..6 {
            key(&mut state, KeyCode::Down);
            key(&mut state, KeyCode::Char(' '));
        }
        key(&mut state, KeyCode::Char('d'));
        chars(&mut state, "9");
        state
    });
    snapshot_both("bulk_form_refused", |size| {
        let mut state = marked(size);
        key(&mut state, KeyCode::Char('e'));
        chars(&mut state, "Finance");
        for _ in 0..4 {
            key(&mut state, KeyCode::Tab);
        }
        chars(&mut state, "n1");
        update(&mut state, fixtures::ctrl('s'));
        state
    });
    snapshot_both("bulk_review_edit", |size| {
        let mut state = marked(size);
        key(&mut state, KeyCode::Char('e'));
        chars(&mut state, "Finance");
        key(&mut state, KeyCode::Tab);
        chars(&mut state, "Controller");
        update(&mut state, fixtures::ctrl('s'));
        state
    });
    snapshot_both("deleted_marked_purge_review", |size| {
        let mut state = deleted(size, &["User.ReadWrite.All"]);
        key(&mut state, KeyCode::Char('*'));
        key(&mut state, KeyCode::Char('P'));
        state
    });
}

#[test]
fn marked_rows_differ_in_text_as_well_as_colour() {
    let state = marked((120, 40));
    let terminal = draw(&state, (120, 40));
    let buffer = terminal.backend().buffer();
    let ada = row_with(buffer, "Ada Lovelace");
    let grace = row_with(buffer, "Grace Hopper");
    // The mark is text, so it reads without colour (NO_COLOR).
    assert_eq!(cells_of(buffer, ada, "* Ada")[0].symbol(), "*");
    assert!(cells_of(buffer, grace, "Grace").len() == 5);
    assert_eq!(
        cells_of(buffer, ada, "Ada")[0].fg,
        ratatui::style::Color::Yellow
    );
    assert_eq!(
        cells_of(buffer, grace, "Grace")[0].fg,
        ratatui::style::Color::Reset
    );
    assert!(row_with(buffer, "3 marked") <= 2, "the header counts them");
}
