//! The screens, one folder each. A folder owns its screen's state, its keys, its answers from
//! the worker and its view (`view.rs`, pure). This file holds the stack they live in and the
//! one table that routes to them: adding a screen is a variant here plus its line in
//! [`Screen::as_dyn`] and [`on_key`].

pub mod confirm_delete;
pub mod connect;
pub mod created_password;
pub mod user_detail;
pub mod user_form;
pub mod user_list;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::graph::{User, UserId};
use crate::keymap::Context;
use crate::state::State;
use crate::ui::help::Help;
use crate::ui::hints::Hint;
use crate::update::Effects;

/// What every screen offers the router and the frame around it. Drawing is pure: `&self` and
/// `&State` only.
pub trait ScreenView {
    /// Where a key pressed here is looked up in the keymap.
    fn context(&self) -> Context;
    /// Drawn over the screen below it (a dialog) instead of in its place.
    fn is_overlay(&self) -> bool {
        false
    }
    /// Printable keys are being typed (into a field or the search box): `q` and `?` are text.
    fn is_typing(&self) -> bool {
        false
    }
    /// This screen's part of the breadcrumb, if it adds one.
    fn crumb(&self) -> Option<String> {
        None
    }
    fn render(&self, state: &State, frame: &mut Frame, area: Rect);
    /// The key hints at the bottom, most important first when they do not all fit.
    fn hints(&self, state: &State) -> Vec<Hint>;
    /// The `?` popup: every key of this screen.
    fn help(&self, state: &State) -> Help;
}

/// One screen on the stack.
#[derive(Clone, Debug)]
pub enum Screen {
    Connect(connect::Connect),
    UserList(Box<user_list::UserList>),
    UserDetail(Box<user_detail::UserDetail>),
    UserForm(Box<user_form::UserForm>),
    ConfirmDelete(confirm_delete::ConfirmDelete),
    CreatedPassword(created_password::CreatedPassword),
}

impl Screen {
    pub fn as_dyn(&self) -> &dyn ScreenView {
        match self {
            Screen::Connect(s) => s,
            Screen::UserList(s) => s.as_ref(),
            Screen::UserDetail(s) => s.as_ref(),
            Screen::UserForm(s) => s.as_ref(),
            Screen::ConfirmDelete(s) => s,
            Screen::CreatedPassword(s) => s,
        }
    }
}

/// Hands a key to the screen in front.
pub fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    match state.screens.top() {
        Screen::Connect(_) => connect::on_key(state, key, fx),
        Screen::UserList(_) => user_list::on_key(state, key, fx),
        Screen::UserDetail(_) => user_detail::on_key(state, key, fx),
        Screen::UserForm(_) => user_form::on_key(state, key, fx),
        Screen::ConfirmDelete(_) => confirm_delete::on_key(state, key, fx),
        Screen::CreatedPassword(_) => created_password::on_key(state, key, fx),
    }
}

/// Hands pasted text to the screen in front; only text fields take it.
pub fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    match state.screens.top() {
        Screen::UserList(_) => user_list::on_paste(state, text, fx),
        Screen::UserForm(_) => user_form::on_paste(state, text),
        _ => {}
    }
}

/// A screen type that can be found on the stack.
pub trait OnStack: Sized {
    fn of(screen: &Screen) -> Option<&Self>;
    fn of_mut(screen: &mut Screen) -> Option<&mut Self>;
}

macro_rules! on_stack {
    ($variant:ident, $ty:ty) => {
        impl OnStack for $ty {
            fn of(screen: &Screen) -> Option<&Self> {
                match screen {
                    Screen::$variant(s) => Some(s),
                    _ => None,
                }
            }
            fn of_mut(screen: &mut Screen) -> Option<&mut Self> {
                match screen {
                    Screen::$variant(s) => Some(s),
                    _ => None,
                }
            }
        }
    };
}

on_stack!(Connect, connect::Connect);
on_stack!(UserList, user_list::UserList);
on_stack!(UserDetail, user_detail::UserDetail);
on_stack!(UserForm, user_form::UserForm);
on_stack!(ConfirmDelete, confirm_delete::ConfirmDelete);
on_stack!(CreatedPassword, created_password::CreatedPassword);

/// The stack of screens, bottom first. Never empty: the bottom is the connect screen or the
/// user list.
#[derive(Clone, Debug)]
pub struct Screens(Vec<Screen>);

impl Screens {
    pub fn new(base: Screen) -> Self {
        Self(vec![base])
    }

    /// The screen in front.
    pub fn top(&self) -> &Screen {
        // The stack is never empty: `pop` keeps the base.
        &self.0[self.0.len() - 1]
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Screen> {
        self.0.iter()
    }

    pub fn push(&mut self, screen: Screen) {
        self.0.push(screen);
    }

    /// Closes the screen in front, never the base.
    pub fn pop(&mut self) {
        if self.0.len() > 1 {
            self.0.pop();
        }
    }

    /// Closes every screen of type `T` (and what is above it).
    pub fn close<T: OnStack>(&mut self) {
        if let Some(i) = self.0.iter().position(|s| T::of(s).is_some()) {
            self.0.truncate(i.max(1));
        }
    }

    /// Starts over from one screen (signed in, or disconnected).
    pub fn reset(&mut self, base: Screen) {
        self.0 = vec![base];
    }

    /// The topmost screen of type `T`.
    pub fn find<T: OnStack>(&self) -> Option<&T> {
        self.0.iter().rev().find_map(T::of)
    }

    pub fn find_mut<T: OnStack>(&mut self) -> Option<&mut T> {
        self.0.iter_mut().rev().find_map(T::of_mut)
    }

    /// The screen in front, if it is a `T`.
    pub fn top_as<T: OnStack>(&self) -> Option<&T> {
        T::of(self.top())
    }

    pub fn top_as_mut<T: OnStack>(&mut self) -> Option<&mut T> {
        let last = self.0.len() - 1;
        T::of_mut(&mut self.0[last])
    }

    /// Whether a screen of type `T` is on the stack.
    pub fn has<T: OnStack>(&self) -> bool {
        self.find::<T>().is_some()
    }

    pub fn list(&self) -> Option<&user_list::UserList> {
        self.find()
    }

    pub fn list_mut(&mut self) -> Option<&mut user_list::UserList> {
        self.find_mut()
    }

    /// The screens drawn now: the topmost full screen and the dialogs above it.
    pub fn visible(&self) -> &[Screen] {
        let base = self
            .0
            .iter()
            .rposition(|s| !s.as_dyn().is_overlay())
            .unwrap_or(0);
        &self.0[base..]
    }

    /// Every copy of user `id` the screens hold: its list row and an open detail.
    pub fn users_mut(&mut self, id: &UserId) -> impl Iterator<Item = &mut User> {
        let id = id.clone();
        self.0
            .iter_mut()
            .flat_map(|screen| -> Box<dyn Iterator<Item = &mut User> + '_> {
                match screen {
                    Screen::UserList(list) => Box::new(list.users.iter_mut()),
                    Screen::UserDetail(detail) => Box::new(std::iter::once(&mut detail.user)),
                    _ => Box::new(std::iter::empty()),
                }
            })
            .filter(move |user| user.id == id)
    }
}
