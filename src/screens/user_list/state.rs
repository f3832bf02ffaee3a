//! The list's data: the loaded users, the cursor, the search box, and its requests.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tui_input::Input;

use super::columns::Columns;
use super::decode::Rows;
use super::filter::{Filter, Sort};
use super::listed::Listed;
use super::row::{Row, RowId, Values};
use crate::export::table::Value as ExportValue;
use crate::graph::{DeltaLink, GraphError, NextPage, User, UserChange, UserId};

/// The user list: what is loaded, where the cursor is, and the search.
#[derive(Clone, Debug, Default)]
pub struct UserList {
    /// The loaded users, compact (`row.rs`).
    pub rows: Vec<Row>,
    /// The ids in `rows`: each user is listed once, however often Graph sends it. Kept by
    /// the methods below, so taking in a page costs the page, not the list.
    listed: Listed,
    /// The job titles, departments and user types the rows share.
    values: Values,
    /// The rows the filter and sort show: indices into `rows`. `selected` and `offset`
    /// count in here.
    pub shown: Vec<usize>,
    /// What the `/` box says, parsed; applied to the loaded rows on every edit.
    pub filter: Filter,
    /// `s` / `S`; `None` is the order Graph listed them in.
    pub sort: Option<Sort>,
    pub selected: usize,
    /// First row shown; kept here so scrolling is stable and render stays pure.
    pub offset: usize,
    /// `@odata.count` of the loaded query: how many users match in the tenant.
    pub total: Option<u64>,
    /// Where the next page is; `None` once everything is loaded.
    pub next: Option<NextPage>,
    /// The first page of the current query has arrived.
    pub loaded: bool,
    /// Why the table is empty: shown in its place until the next load.
    pub problem: Option<ListProblem>,
    pub search: SearchState,
    /// `L` is pulling every remaining page, back to back.
    pub load_all: Option<LoadAll>,
    /// Where Graph's changes to users since this listing started (or since the last refresh
    /// by delta) are read from: `r` on the whole list asks for only those.
    pub delta: Option<DeltaLink>,
    /// The marked users (Space, `*`): the write keys act on all of them. Kept by id, so
    /// filtering, sorting and refreshing keep them; a user no longer listed loses its mark.
    marks: HashSet<RowId>,
    /// The columns shown, in order, with their widths (`c`).
    pub columns: Columns,
    /// The properties beyond `LIST_SELECT` the current listing asked Graph for: the loaded
    /// rows hold those. A column that needs another one loads the list again.
    pub asked: Vec<&'static str>,
    /// The `$orderby` the current listing was asked with: while pages remain, a sort Graph
    /// can run lists again in that order, so the first pages are the right users.
    pub listed_by: Option<String>,
}

/// A load of every remaining page (`L`). Its times are the worker's stamps on the pages'
/// answers (`at` of `WorkerMsg::Done`): the reducer reads no clock, the view works out the
/// rate from these.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadAll {
    /// Pages that arrived since `L`.
    pub pages: u32,
    /// When the load's first page arrived and how many users were listed then. `L` itself
    /// has no time stamp, so the rate is measured from this page on.
    pub start: Option<(DateTime<Utc>, usize)>,
    /// When the latest page arrived.
    pub latest: Option<DateTime<Utc>>,
}

impl LoadAll {
    /// A page arrived at `at`; `listed` users are listed with it.
    pub fn page_arrived(&mut self, at: DateTime<Utc>, listed: usize) {
        self.pages += 1;
        self.start.get_or_insert((at, listed));
        self.latest = Some(at);
    }
}

/// How far a load of every page is, for the summary row.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub loaded: u64,
    /// `@odata.count`, when Graph gave one.
    pub total: Option<u64>,
    /// Pages that arrived since `L`.
    pub pages: u32,
    /// Users per second since the load's first page; `None` until a later page is in.
    pub rate: Option<f64>,
    /// How long the rest takes at that rate; `None` without a rate or a count.
    pub left: Option<Duration>,
}

impl Progress {
    /// The loaded share of the count, 0 to 1; `None` without a count.
    pub fn ratio(&self) -> Option<f64> {
        let total = self.total.filter(|t| *t > 0)?;
        Some((self.loaded as f64 / total as f64).min(1.0))
    }
}

/// Why nothing is listed.
#[derive(Clone, Debug, PartialEq)]
pub enum ListProblem {
    Failed(GraphError),
    /// Esc stopped the first load.
    Cancelled,
}

/// The `/` search box.
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub input: Input,
    /// Keys go to the search box.
    pub focused: bool,
    /// The search the loaded users answer (`None`: all users); on the user list, the search
    /// Graph was last asked, whose results are merged into the loaded rows.
    pub applied: Option<String>,
    /// Bumped on every edit; a debounce timer carries it and fires only if it is still current.
    pub generation: u64,
}

impl SearchState {
    /// The typed text as a query: trimmed, `None` when blank.
    pub fn text(&self) -> Option<String> {
        let text = self.input.value().trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// The box is drawn while focused or while a search is applied.
    pub fn visible(&self) -> bool {
        self.focused || self.applied.is_some() || !self.input.value().is_empty()
    }
}

/// A listing request: the first page of a query, or the next page of the loaded one.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// `restore` re-selects that user (refresh); `expired`: this reload replaces a refresh by
    /// delta whose link Graph no longer serves.
    FirstPage {
        restore: Option<Restore>,
        expired: bool,
    },
    /// Graph's `$search` (and `$filter`) for the box's text while not everything is loaded:
    /// its users are merged into the loaded rows.
    Search {
        text: String,
    },
    NextPage {
        restore: Option<Restore>,
    },
    /// `L`: every further page, each coming as `WorkerMsg::Page` while this stays pending.
    All,
    /// The delta link for the listing that starts with it: asked for beside its first page,
    /// so what changes while the pages load comes in the next round of changes.
    Track,
    /// A page of a refresh by delta (`r` on the whole list); `so_far` is what the round's
    /// earlier pages changed.
    Changes {
        so_far: Applied,
    },
}

/// What a round of changes did to the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

impl std::ops::AddAssign for Applied {
    fn add_assign(&mut self, other: Applied) {
        self.added += other.added;
        self.changed += other.changed;
        self.removed += other.removed;
    }
}

/// Where a user of a round of changes is: a loaded row, or a row the round adds.
#[derive(Clone, Copy)]
enum Slot {
    Row(usize),
    Added(usize),
}

/// After a refresh: the user to select again, and where the cursor was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    pub id: UserId,
    pub index: usize,
    /// What the status line says once the users are in; "Refreshed" when `None`.
    pub done: Option<String>,
}

impl UserList {
    /// A new listing's first page, as rows read from it; each user once.
    pub fn replace_rows(&mut self, page: Rows) {
        let keep = self.selected_id();
        self.rows.clear();
        self.listed.clear();
        self.values.clear();
        self.push_rows(page);
        self.refilter_keeping(keep);
    }

    /// A further page's users, leaving out any already listed (a user created meanwhile, or
    /// Graph repeating one within or across pages). Returns how many were new.
    pub fn append_users(&mut self, users: Vec<User>) -> usize {
        let keep = self.selected_id();
        let from = self.rows.len();
        let added = self.push_users(users);
        self.show_appended(from, keep);
        added
    }

    /// [`UserList::append_users`] for rows read straight from a page (`decode.rs`).
    pub fn append_rows(&mut self, rows: Rows) -> usize {
        let keep = self.selected_id();
        let from = self.rows.len();
        let added = self.push_rows(rows);
        self.show_appended(from, keep);
        added
    }

    /// Shows the rows from `from` on, which were just appended, as [`UserList::refilter`]
    /// would, but at the cost of the new rows: the shown rows before them keep their order,
    /// and the new ones that pass the filter are sorted and merged in (a tie keeps the older
    /// row first, as the stable sort does).
    fn show_appended(&mut self, from: usize, keep: Option<RowId>) {
        let (rows, matcher) = (&self.rows, self.filter.matcher());
        let mut new: Vec<usize> = (from..rows.len())
            .filter(|&i| matcher.matches(&rows[i]))
            .collect();
        let Some(sort) = self.sort else {
            // Without a sort the new rows go last: nothing shown before them moves.
            self.shown.extend(new);
            return;
        };
        let order = |a: &usize, b: &usize| sort.order(&rows[*a], &rows[*b]);
        new.sort_by(order);
        let old = std::mem::take(&mut self.shown);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut old, mut new) = (old.into_iter().peekable(), new.into_iter().peekable());
        while let (Some(a), Some(b)) = (old.peek(), new.peek()) {
            if order(a, b).is_gt() {
                merged.extend(new.next());
            } else {
                merged.extend(old.next());
            }
        }
        merged.extend(old);
        merged.extend(new);
        self.shown = merged;
        self.select_kept(keep);
    }

    fn push_users(&mut self, users: Vec<User>) -> usize {
        let before = self.rows.len();
        self.rows.reserve(users.len());
        for user in users {
            let row = Row::new(&user, &mut self.values);
            if self.listed.insert(row.row_id()) {
                self.rows.push(row);
            }
        }
        self.rows.len() - before
    }

    fn push_rows(&mut self, page: Rows) -> usize {
        let before = self.rows.len();
        // The values the page made, each looked up once; the rows keep theirs, which equal
        // the list's (one per text per load: `L`'s pages share theirs).
        for value in &page.values {
            self.values.adopt(value);
        }
        self.rows.reserve(page.rows.len());
        for row in page.rows {
            if self.listed.insert(row.row_id()) {
                self.rows.push(row);
            }
        }
        self.rows.len() - before
    }

    /// Makes room for `additional` more rows at once: `L` knows how many users are coming
    /// (`@odata.count`), and rows that grow by doubling briefly hold the old buffer and the
    /// new one, twice the rows, at every doubling.
    pub fn reserve(&mut self, additional: usize) {
        self.rows.reserve_exact(additional);
        self.shown.reserve_exact(additional);
        self.listed.reserve(additional);
    }

    /// A new user at the top; false when it is listed already.
    pub fn insert_first(&mut self, user: &User) -> bool {
        self.insert_first_many([user]) == 1
    }

    /// New users at the top, the last one topmost (where inserting them one by one would
    /// leave them), with one shift and one refilter for all: one by one, a bulk import of 500
    /// into 100,000 loaded rows moved and refiltered every row 500 times. Returns how many were
    /// not listed yet.
    pub fn insert_first_many<'u>(&mut self, users: impl IntoIterator<Item = &'u User>) -> usize {
        let mut new = Vec::new();
        for user in users {
            let row = Row::new(user, &mut self.values);
            if self.listed.insert(row.row_id()) {
                new.push(row);
            }
        }
        if new.is_empty() {
            return 0;
        }
        let (keep, added) = (self.selected_id(), new.len());
        new.reverse();
        self.rows.splice(0..0, new);
        self.refilter_keeping(keep);
        added
    }

    /// Where user `id` is in `rows`.
    fn index_of(&self, id: &RowId) -> Option<usize> {
        if !self.listed.contains(id) {
            return None;
        }
        self.rows.iter().position(|r| r.row_id() == id)
    }

    /// Takes user `id` out; its index among the shown rows when it was shown.
    pub fn remove_user(&mut self, id: &UserId) -> Option<usize> {
        let id = RowId::from(id);
        let index = self.index_of(&id)?;
        self.listed.remove(&id);
        let shown_at = self.shown.iter().position(|i| *i == index);
        let keep = self.selected_id().filter(|k| *k != id);
        self.rows.remove(index);
        self.refilter_keeping(keep);
        shown_at
    }

    /// Changes user `id`'s row with `change`, which sees the row's properties as a `User`,
    /// then filters and sorts again. False when the user is not listed.
    pub fn update_row(&mut self, id: &UserId, change: impl FnOnce(&mut User)) -> bool {
        let Some(i) = self.index_of(&RowId::from(id)) else {
            return false;
        };
        let mut user = self.rows[i].to_user();
        change(&mut user);
        self.rows[i] = Row::new(&user, &mut self.values);
        self.refilter();
        true
    }

    /// Changes many rows at once, each with its own `change` (as [`UserList::update_row`]),
    /// then filters and sorts once: a bulk job's thousand changes cost one pass, not a
    /// thousand. Returns how many were listed.
    pub fn update_rows<'a, F: FnOnce(&mut User)>(
        &mut self,
        changes: impl IntoIterator<Item = (&'a UserId, F)>,
    ) -> usize {
        let at = self.positions();
        let mut count = 0;
        for (id, change) in changes {
            let Some(&i) = at.get(&RowId::from(id)) else {
                continue;
            };
            let mut user = self.rows[i].to_user();
            change(&mut user);
            self.rows[i] = Row::new(&user, &mut self.values);
            count += 1;
        }
        if count > 0 {
            self.refilter();
        }
        count
    }

    /// Takes many users out at once, keeping the cursor on the selected user, or the nearest
    /// shown one that stays. Returns how many were listed.
    pub fn remove_users<'a>(&mut self, ids: impl IntoIterator<Item = &'a UserId>) -> usize {
        let at = self.positions();
        let mut gone = vec![false; self.rows.len()];
        for id in ids {
            if let Some(&i) = at.get(&RowId::from(id)) {
                gone[i] = true;
            }
        }
        let removed = gone.iter().filter(|g| **g).count();
        if removed == 0 {
            return 0;
        }
        let keep = self.kept_through(&gone);
        for (row, _) in self.rows.iter().zip(&gone).filter(|(_, gone)| **gone) {
            self.listed.remove(row.row_id());
        }
        let rows = std::mem::take(&mut self.rows);
        self.rows = rows
            .into_iter()
            .zip(gone)
            .filter_map(|(row, gone)| (!gone).then_some(row))
            .collect();
        self.refilter_keeping(keep);
        removed
    }

    /// Where each listed user is in `rows`.
    fn positions(&self) -> HashMap<RowId, usize> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.row_id().clone(), i))
            .collect()
    }

    /// Applies a page of Graph's changes in place: removed users go, changed ones take what
    /// changed (a property not sent stays, one sent as `null` is cleared), new ones go on top.
    /// The filter and sort run again; the selected user stays selected, or, if it was
    /// removed, the row after it (else the one before). Replays are harmless: a change that
    /// changes nothing is not counted, a removal of a user not listed is ignored.
    pub fn apply_changes(&mut self, changes: &[UserChange]) -> Applied {
        let mut applied = Applied::default();
        if changes.is_empty() {
            return applied;
        }
        let mut slots: HashMap<RowId, Slot> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.row_id().clone(), Slot::Row(i)))
            .collect();
        let mut gone = vec![false; self.rows.len()];
        let mut touched = HashSet::new();
        let mut added: Vec<Option<Row>> = Vec::new();
        for change in changes {
            let id = RowId::from(&change.id);
            match (slots.get(&id).copied(), change.removed.is_some()) {
                (Some(Slot::Row(i)), true) => {
                    gone[i] = true;
                    slots.remove(&id);
                }
                (Some(Slot::Added(j)), true) => {
                    added[j] = None;
                    slots.remove(&id);
                }
                (None, true) => {}
                (Some(Slot::Row(i)), false) => {
                    let row = merged(self.rows[i].to_user(), change, &mut self.values);
                    if row != self.rows[i] {
                        self.rows[i] = row;
                        touched.insert(i);
                    }
                }
                (Some(Slot::Added(j)), false) => {
                    if let Some(row) = &mut added[j] {
                        *row = merged(row.to_user(), change, &mut self.values);
                    }
                }
                (None, false) => {
                    let new = User {
                        id: change.id.clone(),
                        ..User::default()
                    };
                    slots.insert(id, Slot::Added(added.len()));
                    added.push(Some(merged(new, change, &mut self.values)));
                }
            }
        }
        let keep = self.kept_through(&gone);
        applied.removed = gone.iter().filter(|g| **g).count();
        applied.changed = touched.iter().filter(|i| !gone[**i]).count();
        let mut rows: Vec<Row> = added.into_iter().flatten().collect();
        applied.added = rows.len();
        for (row, _) in self.rows.iter().zip(&gone).filter(|(_, gone)| **gone) {
            self.listed.remove(row.row_id());
        }
        for row in &rows {
            self.listed.insert(row.row_id());
        }
        rows.reserve(self.rows.len() - applied.removed);
        rows.extend(
            std::mem::take(&mut self.rows)
                .into_iter()
                .zip(gone)
                .filter_map(|(row, gone)| (!gone).then_some(row)),
        );
        self.rows = rows;
        self.refilter_keeping(keep);
        applied
    }

    /// The user to keep selected once the rows marked `gone` go: the selected one, or the
    /// nearest shown row that stays (after it, else before it).
    fn kept_through(&self, gone: &[bool]) -> Option<RowId> {
        let at = self.selected.min(self.shown.len());
        let stays = |&&i: &&usize| !gone[i];
        let after = self.shown.get(at..).unwrap_or_default().iter().find(stays);
        let before = || {
            self.shown
                .get(..at)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(stays)
        };
        after
            .or_else(before)
            .map(|&i| self.rows[i].row_id().clone())
    }

    /// User `id`'s row.
    pub fn row(&self, id: &UserId) -> Option<&Row> {
        self.index_of(&RowId::from(id)).map(|i| &self.rows[i])
    }

    /// The box was edited or the sort changed: recompute the shown rows, keeping the selected
    /// user selected while it is still shown.
    pub fn refilter(&mut self) {
        let keep = self.selected_id();
        self.refilter_keeping(keep);
    }

    fn selected_id(&self) -> Option<RowId> {
        self.selected_row().map(|r| r.row_id().clone())
    }

    /// Filters by `filter` (what the box now says). When it only narrows the last one (more
    /// was typed), only the rows shown now are looked at, and they keep their order.
    pub fn set_filter(&mut self, filter: Filter) {
        let narrows = filter.narrows(&self.filter);
        self.filter = filter;
        if !narrows {
            self.refilter();
            return;
        }
        let keep = self.selected_id();
        let (rows, matcher) = (&self.rows, self.filter.matcher());
        self.shown.retain(|&i| matcher.matches(&rows[i]));
        self.select_kept(keep);
    }

    fn refilter_keeping(&mut self, keep: Option<RowId>) {
        if !self.marks.is_empty() {
            let listed = &self.listed;
            self.marks.retain(|id| listed.contains(id));
        }
        let (rows, filter) = (&self.rows, &self.filter);
        self.shown.clear();
        if filter.is_empty() {
            self.shown.extend(0..rows.len());
        } else {
            let matcher = filter.matcher();
            self.shown
                .extend((0..rows.len()).filter(|&i| matcher.matches(&rows[i])));
        }
        if let Some(sort) = self.sort {
            self.shown.sort_by(|&a, &b| sort.order(&rows[a], &rows[b]));
        }
        self.select_kept(keep);
    }

    /// Selects user `keep` again where it is now shown; else the cursor stays where it was
    /// (within the shown rows).
    fn select_kept(&mut self, keep: Option<RowId>) {
        let rows = &self.rows;
        let kept = keep.and_then(|id| self.shown.iter().position(|&i| *rows[i].row_id() == id));
        self.selected = kept.unwrap_or(self.selected);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The values of every shown row in the columns shown, in the order shown (filtered and
    /// sorted): what `x` writes.
    pub fn shown_values(&self) -> impl Iterator<Item = Vec<ExportValue<'_>>> {
        (0..self.shown.len()).filter_map(|row| self.shown_row(row).map(|r| self.columns.values(r)))
    }

    /// Selects user `id` if it is shown.
    pub fn select_id(&mut self, id: &UserId) -> bool {
        let id = RowId::from(id);
        let found = self
            .shown
            .iter()
            .position(|&i| *self.rows[i].row_id() == id);
        if let Some(p) = found {
            self.selected = p;
        }
        found.is_some()
    }

    /// The user on shown row `row`.
    pub fn shown_row(&self, row: usize) -> Option<&Row> {
        self.shown.get(row).and_then(|&i| self.rows.get(i))
    }

    /// The progress of `L`, while it runs.
    pub fn load_progress(&self) -> Option<Progress> {
        let load = self.load_all.as_ref()?;
        let loaded = self.rows.len();
        let rate = match (load.start, load.latest) {
            (Some((start, before)), Some(latest)) => {
                let seconds = (latest - start).to_std().map_or(0.0, |d| d.as_secs_f64());
                (seconds > 0.0).then(|| loaded.saturating_sub(before) as f64 / seconds)
            }
            _ => None,
        };
        let left = match (rate, self.total) {
            (Some(rate), Some(total)) if rate > 0.0 => {
                let rest = total.saturating_sub(loaded as u64) as f64;
                Duration::try_from_secs_f64(rest / rate).ok()
            }
            _ => None,
        };
        Some(Progress {
            loaded: loaded as u64,
            total: self.total,
            pages: load.pages,
            rate,
            left,
        })
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.shown_row(self.selected)
    }

    /// Marks the selected user, or unmarks it if marked. False when no user is shown.
    pub fn toggle_mark(&mut self) -> bool {
        let Some(id) = self.selected_id() else {
            return false;
        };
        if !self.marks.remove(&id) {
            self.marks.insert(id);
        }
        true
    }

    /// Marks every shown user (the filtered view); if every one is marked already, unmarks
    /// them instead. Returns how many marks that added or took away, and whether it marked.
    pub fn mark_shown(&mut self) -> (usize, bool) {
        let ids: Vec<RowId> = self
            .shown
            .iter()
            .map(|&i| self.rows[i].row_id().clone())
            .collect();
        if ids.iter().all(|id| self.marks.contains(id)) {
            for id in &ids {
                self.marks.remove(id);
            }
            return (ids.len(), false);
        }
        let before = self.marks.len();
        self.marks.extend(ids);
        (self.marks.len() - before, true)
    }

    pub fn is_marked(&self, row: &Row) -> bool {
        !self.marks.is_empty() && self.marks.contains(row.row_id())
    }

    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// The marked users, in the order the list shows them, then any the filter hides.
    pub fn marked_rows(&self) -> Vec<&Row> {
        if self.marks.is_empty() {
            return Vec::new();
        }
        let mut seen = vec![false; self.rows.len()];
        let mut marked = Vec::with_capacity(self.marks.len());
        for &i in &self.shown {
            seen[i] = true;
            if self.marks.contains(self.rows[i].row_id()) {
                marked.push(&self.rows[i]);
            }
        }
        for (i, row) in self.rows.iter().enumerate() {
            if !seen[i] && self.marks.contains(row.row_id()) {
                marked.push(row);
            }
        }
        marked
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }

    /// The most common UPN domain among loaded members (not guests): the domain a new user
    /// most likely gets.
    pub fn member_domain(&self) -> Option<String> {
        self.member_domains().into_iter().next()
    }

    /// The UPN domains of loaded members (not guests), most used first, ties by name.
    pub fn member_domains(&self) -> Vec<String> {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for row in self.rows.iter().filter(|r| !r.is_guest()) {
            if let Some((_, domain)) = row.upn().rsplit_once('@') {
                *counts.entry(domain).or_default() += 1;
            }
        }
        let mut domains: Vec<(&str, usize)> = counts.into_iter().collect();
        domains.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        domains.into_iter().map(|(d, _)| d.to_owned()).collect()
    }
}

/// `user` with a delta round's `change` merged in, as a row.
fn merged(mut user: User, change: &UserChange, values: &mut Values) -> Row {
    change.apply_to(&mut user);
    Row::new(&user, values)
}

/// The heap a loaded list holds, by part, counted from the data (capacities, not the
/// allocator's own overhead): what `benches/memory.rs` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    pub rows: usize,
    /// The row structs, with the room the vector holds beyond them.
    pub row_structs: usize,
    /// Display name, UPN and mail, one allocation per row.
    pub text: usize,
    /// The folded keys (only where folding changes the text) and ids that are not GUIDs.
    pub keys_and_ids: usize,
    /// The set of listed ids.
    pub listed: usize,
    /// The shared values (job titles, departments, user types) and their table.
    pub values: usize,
    pub distinct_values: usize,
    /// The shown rows' indices.
    pub shown: usize,
    /// Heap blocks behind all of it. The allocator keeps a few bytes of its own per block
    /// (about 8 to 16 on glibc), not counted above.
    pub blocks: usize,
}

impl Memory {
    pub fn total(&self) -> usize {
        self.row_structs + self.text + self.keys_and_ids + self.listed + self.values + self.shown
    }
}

impl UserList {
    /// What the loaded rows hold on the heap.
    pub fn memory(&self) -> Memory {
        let text: usize = self.rows.iter().map(Row::text_bytes).sum();
        let own: usize = self.rows.iter().map(Row::heap_bytes).sum();
        Memory {
            rows: self.rows.len(),
            row_structs: self.rows.capacity() * size_of::<Row>(),
            text,
            keys_and_ids: own - text,
            listed: self.listed.heap_bytes(),
            values: self.values.heap_bytes(),
            distinct_values: self.values.len(),
            shown: self.shown.capacity() * size_of::<usize>(),
            blocks: self.rows.iter().map(Row::heap_blocks).sum::<usize>()
                + self.listed.heap_blocks()
                + self.values.heap_blocks()
                + 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::screens::user_list::columns::Field;

    /// Varied users: names, titles and departments that sort and filter in many ways, some
    /// disabled, some without a department.
    fn users(from: usize, n: usize) -> Vec<User> {
        let names = [
            "Zoë Ämter",
            "ada",
            "Bob",
            "müller",
            "山田 太郎",
            "bob",
            "Émile",
        ];
        let titles = ["Engineer", "Sales", "Nurse"];
        (from..from + n)
            .map(|i| {
                let mut u = fixtures::user(i, &format!("{} {i}", names[i % 7]), &format!("u{i}"));
                u.job_title = Some(titles[i % 3].to_owned());
                u.department = (i % 4 != 0).then(|| format!("Dept {}", i % 5));
                u.account_enabled = Some(i % 6 != 0);
                u
            })
            .collect()
    }

    /// What a whole refilter shows, for comparison.
    fn shown_anew(list: &UserList) -> Vec<usize> {
        let mut fresh = list.clone();
        fresh.refilter();
        fresh.shown
    }

    #[test]
    fn users_inserted_at_once_land_as_one_by_one_would_each_once() {
        let sort = Some(Sort {
            column: Field::Department,
            descending: false,
        });
        for sort in [None, sort] {
            let new = users(40, 12);
            let mut one_by_one = UserList {
                sort,
                filter: Filter::parse("b"),
                ..UserList::default()
            };
            one_by_one.replace_rows(Rows::of_users(&users(0, 40)));
            let mut at_once = one_by_one.clone();
            for user in &new {
                one_by_one.insert_first(user);
            }
            // Listed ones (a user of the list, one twice) are left out and not counted.
            let again = [&new[..], &users(3, 1), &new[..2]].concat();
            assert_eq!(at_once.insert_first_many(&again), 12);
            assert_eq!(at_once.rows.len(), 52);
            let ids = |list: &UserList| -> Vec<RowId> {
                list.shown
                    .iter()
                    .map(|&i| list.rows[i].row_id().clone())
                    .collect()
            };
            assert_eq!(ids(&at_once), ids(&one_by_one), "{sort:?}");
            assert_eq!(at_once.shown, shown_anew(&at_once));
            assert_eq!(at_once.insert_first_many(&new), 0);
        }
    }

    #[test]
    fn appended_pages_show_as_a_whole_refilter_would() {
        for sort in [
            None,
            Some(Sort {
                column: Field::DisplayName,
                descending: false,
            }),
            Some(Sort {
                column: Field::Department,
                descending: true,
            }),
            Some(Sort {
                column: Field::AccountEnabled,
                descending: false,
            }),
        ] {
            for text in ["", "b", "dept:3 enabled:yes", "mu"] {
                let mut list = UserList {
                    sort,
                    filter: Filter::parse(text),
                    ..UserList::default()
                };
                list.replace_rows(Rows::of_users(&users(0, 40)));
                for from in [40, 77, 130] {
                    list.append_rows(crate::screens::user_list::Rows::of_users(&users(from, 37)));
                    assert_eq!(list.shown, shown_anew(&list), "{sort:?} {text:?}");
                }
            }
        }
    }

    #[test]
    fn typing_on_looks_only_at_the_shown_rows_and_shows_what_a_refilter_would() {
        let mut list = UserList {
            sort: Some(Sort {
                column: Field::DisplayName,
                descending: false,
            }),
            ..UserList::default()
        };
        list.replace_rows(Rows::of_users(&users(0, 300)));
        let typed = "bob dept:3 enabled:no";
        for end in 0..=typed.len() {
            let filter = Filter::parse(&typed[..end]);
            list.set_filter(filter);
            assert_eq!(list.shown, shown_anew(&list), "{:?}", &typed[..end]);
        }
        // Deleting widens again.
        for end in (0..typed.len()).rev() {
            list.set_filter(Filter::parse(&typed[..end]));
            assert_eq!(list.shown, shown_anew(&list), "{:?}", &typed[..end]);
        }
        assert!(Filter::parse("bobby").narrows(&Filter::parse("bob")));
        assert!(Filter::parse("dept:fin x").narrows(&Filter::parse("dept:fi")));
        // `dept:` alone is the word "dept:"; with a value it is a field filter.
        assert!(Filter::parse("dept:").narrows(&Filter::parse("dept")));
        assert!(!Filter::parse("dept:f").narrows(&Filter::parse("dept:")));
        assert!(!Filter::parse("enabled:no").narrows(&Filter::parse("enabled:yes")));
        assert!(!Filter::parse("bo").narrows(&Filter::parse("bob")));
    }
}
