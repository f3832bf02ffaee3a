//! How wide each of the list's columns is drawn, for the terminal's width. A width the user
//! set (`c`, `+`/`-`) is kept as set. The display name and the UPN say who a row is, so they
//! get their room first; the other text columns share what is left. When even the narrowest
//! useful widths do not fit, whole columns give way, the least important first
//! ([`Field::priority`]), rather than every column being cut to a few characters.

use super::columns::Field;
use crate::widgets::text;

/// One column as the table would like it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Want {
    pub field: Field,
    /// The width the user set.
    pub set: Option<u16>,
    /// What its heading and the visible values need.
    pub wanted: usize,
    /// The list is sorted by it: it stays, so the sort can be seen.
    pub sorted: bool,
}

impl Want {
    /// The narrowest it is drawn before it gives way.
    fn floor(&self) -> usize {
        match (self.set, self.field) {
            (Some(set), _) => usize::from(set),
            (None, field) if field.fixed_width().is_some() => self.wanted,
            // Room enough to tell people apart; less, and other columns give way instead.
            (None, Field::DisplayName) => self.wanted.min(18),
            (None, Field::Upn) => self.wanted.min(24),
            (None, _) => self.wanted.min(12),
        }
    }

    /// Its width does not depend on the room: set by the user, or short and known.
    fn is_fixed(&self) -> bool {
        self.set.is_some() || self.field.fixed_width().is_some()
    }

    /// How long it stays on a narrow terminal (see [`Field::priority`]).
    fn priority(&self) -> u8 {
        if self.sorted {
            self.field.priority().max(95)
        } else {
            self.field.priority()
        }
    }

    fn leads(&self) -> bool {
        matches!(self.field, Field::DisplayName | Field::Upn)
    }

    /// What a leading column gets before the others have theirs: most names and UPNs whole,
    /// not the one very long one.
    fn first_share(&self) -> usize {
        match self.field {
            Field::DisplayName => self.wanted.min(24),
            _ => self.wanted.min(40),
        }
    }
}

/// The width of each column in `room` cells (a cell between columns included), `None` for
/// those that give way.
pub fn fit(columns: &[Want], room: usize) -> Vec<Option<usize>> {
    let mut kept: Vec<usize> = (0..columns.len()).collect();
    let need = |kept: &[usize]| {
        kept.iter().map(|&i| columns[i].floor()).sum::<usize>() + kept.len().saturating_sub(1)
    };
    while kept.len() > 1 && need(&kept) > room {
        // The least important goes; of equals, the rightmost.
        let Some(at) = (0..kept.len())
            .min_by_key(|&k| (columns[kept[k]].priority(), std::cmp::Reverse(kept[k])))
        else {
            break;
        };
        kept.remove(at);
    }
    let mut widths = vec![None; columns.len()];
    let gaps = kept.len().saturating_sub(1);
    let mut rest = room.saturating_sub(gaps);
    for &i in kept.iter().filter(|&&i| columns[i].is_fixed()) {
        let width = columns[i].floor().min(rest);
        widths[i] = Some(width);
        rest -= width;
    }
    let flexible = |lead: bool| -> Vec<usize> {
        kept.iter()
            .copied()
            .filter(|&i| !columns[i].is_fixed() && columns[i].leads() == lead)
            .collect()
    };
    let (leading, others) = (flexible(true), flexible(false));
    let others_floor: usize = others.iter().map(|&i| columns[i].floor()).sum();
    let lead_room = rest.saturating_sub(others_floor);
    let wanted = |set: &[usize]| set.iter().map(|&i| columns[i].wanted).collect::<Vec<_>>();
    // Each its floor, then what is left shared up to their first shares.
    let floors: Vec<usize> = leading.iter().map(|&i| columns[i].floor()).collect();
    let more: Vec<usize> = leading
        .iter()
        .zip(&floors)
        .map(|(&i, floor)| columns[i].first_share().saturating_sub(*floor))
        .collect();
    let lead_widths: Vec<usize> =
        text::fit_columns(&more, 0, lead_room.saturating_sub(floors.iter().sum()))
            .into_iter()
            .zip(&floors)
            .map(|(more, floor)| floor + more)
            .collect();
    let rest = rest.saturating_sub(lead_widths.iter().sum());
    let other_widths = text::fit_columns(&wanted(&others), 1, rest);
    // What the others leave goes back to the leading columns, up to what they want.
    let mut spare = rest.saturating_sub(other_widths.iter().sum());
    for (&i, w) in leading.iter().zip(lead_widths) {
        let more = columns[i].wanted.saturating_sub(w).min(spare);
        spare -= more;
        widths[i] = Some(w + more);
    }
    for (&i, w) in others.iter().zip(other_widths) {
        widths[i] = Some(w);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(field: Field, wanted: usize) -> Want {
        Want {
            field,
            set: None,
            wanted,
            sorted: false,
        }
    }

    fn default_columns() -> Vec<Want> {
        vec![
            want(Field::DisplayName, 22),
            want(Field::Upn, 40),
            want(Field::Mail, 36),
            want(Field::JobTitle, 24),
            want(Field::Department, 16),
            want(Field::UserType, 5),
            want(Field::AccountEnabled, 7),
        ]
    }

    #[test]
    fn with_room_every_column_gets_what_it_wants() {
        let widths = fit(&default_columns(), 200);
        assert_eq!(
            widths,
            [22, 40, 36, 24, 16, 5, 7].map(Some),
            "nothing is stretched"
        );
    }

    #[test]
    fn the_name_and_the_upn_get_room_first_and_the_rest_share() {
        let widths = fit(&default_columns(), 118);
        assert_eq!(widths[0], Some(22));
        assert_eq!(widths[1], Some(40));
        let all: usize = widths.iter().flatten().sum::<usize>() + 6;
        assert!(all <= 118, "{widths:?}");
        assert!(widths[2..5].iter().all(|w| w.unwrap() >= 12), "{widths:?}");
    }

    #[test]
    fn a_narrow_terminal_drops_the_least_important_columns_whole() {
        let widths = fit(&default_columns(), 78);
        // Name, UPN, enabled stay; type, department and job title give way before mail.
        assert!(widths[0].is_some() && widths[1].is_some() && widths[6].is_some());
        assert!(widths.iter().flatten().all(|w| *w >= 5), "{widths:?}");
        assert_eq!(widths[4], None, "the department goes first: {widths:?}");
        let dropped = widths.iter().filter(|w| w.is_none()).count();
        assert!(dropped >= 1, "{widths:?}");
        let used: usize = widths.iter().flatten().sum::<usize>()
            + widths.iter().flatten().count().saturating_sub(1);
        assert!(used <= 78, "{widths:?}");
        // Of the dropped, none is more important than one kept.
        let kept_min = (0..7)
            .filter(|&i| widths[i].is_some())
            .map(|i| default_columns()[i].field.priority())
            .min()
            .unwrap();
        for i in (0..7).filter(|&i| widths[i].is_none()) {
            assert!(default_columns()[i].field.priority() <= kept_min);
        }
    }

    #[test]
    fn the_upn_keeps_its_floor_when_the_name_is_short() {
        let mut columns = default_columns();
        columns[0].wanted = 21;
        columns[1].wanted = 42;
        columns.push(want(Field::City, 12));
        columns.push(want(Field::Country, 14));
        let widths = fit(&columns, 118);
        assert!(widths[1].unwrap() >= 24, "{widths:?}");
        assert!(widths[0].unwrap() >= 18, "{widths:?}");
    }

    #[test]
    fn a_width_the_user_set_wins() {
        let mut columns = default_columns();
        columns[3].set = Some(30);
        columns[1].set = Some(20);
        let widths = fit(&columns, 150);
        assert_eq!(widths[3], Some(30));
        assert_eq!(widths[1], Some(20));
    }

    #[test]
    fn extra_columns_give_way_before_the_default_ones() {
        let mut columns = default_columns();
        columns.push(want(Field::City, 12));
        columns.push(want(Field::OnPremisesSyncEnabled, 6));
        let widths = fit(&columns, 112);
        assert_eq!(widths[8], None, "sync goes first: {widths:?}");
        assert!(widths[7].is_some(), "{widths:?}");
        columns[8].sorted = true;
        let sorted = fit(&columns, 112);
        assert!(sorted[8].is_some(), "the sorted column stays: {sorted:?}");
        let wide = fit(&columns, 220);
        assert!(wide.iter().all(Option::is_some), "{wide:?}");
    }
}
