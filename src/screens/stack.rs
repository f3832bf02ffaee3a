//! The stack of screens, bottom first, and finding a screen of a given type on it. Only data:
//! each screen's behaviour lives in its own folder.

use super::bulk_form::state::BulkForm;
use super::bulk_progress::state::BulkProgress;
use super::bulk_review::state::BulkReview;
use super::bulk_summary::state::BulkSummary;
use super::clear_manager::state::ClearManager;
use super::clear_marks::state::ClearMarks;
use super::column_chooser::state::ColumnChooser;
use super::command_prompt::state::CommandPrompt;
use super::confirm_delete::state::ConfirmDelete;
use super::confirm_purge::state::ConfirmPurge;
use super::confirm_remove_profile::state::ConfirmRemoveProfile;
use super::confirm_restore::state::ConfirmRestore;
use super::confirm_sign_in::state::ConfirmSignIn;
use super::connect::state::Connect;
use super::created_password::state::CreatedPassword;
use super::deleted_users::state::DeletedUsers;
use super::error_history::state::ErrorHistory;
use super::export_prompt::state::ExportPrompt;
use super::import::state::Import;
use super::manager_picker::state::ManagerPicker;
use super::overview::state::Overview;
use super::profile_form::state::ProfileForm;
use super::profile_picker::state::ProfilePicker;
use super::reset_password::state::ResetPassword;
use super::user_detail::state::UserDetail;
use super::user_form::state::UserForm;
use super::user_list::state::UserList;
use crate::graph::{User, UserId};

/// Every screen, one line each: `Variant(Type)`, the type being the screen's data in its
/// folder's `state.rs`. The enum, finding a screen on the stack, and the router's table
/// (`Screen::as_dyn`) are all generated from this one list.
macro_rules! for_each_screen {
    ($then:path) => {
        $then! {
            Connect(Connect),
            UserList(UserList),
            UserDetail(UserDetail),
            UserForm(UserForm),
            ConfirmDelete(ConfirmDelete),
            CreatedPassword(CreatedPassword),
            ErrorHistory(ErrorHistory),
            DeletedUsers(DeletedUsers),
            ConfirmRestore(ConfirmRestore),
            ConfirmPurge(ConfirmPurge),
            ConfirmSignIn(ConfirmSignIn),
            CommandPrompt(CommandPrompt),
            Overview(Overview),
            ResetPassword(ResetPassword),
            ProfileForm(ProfileForm),
            ConfirmRemoveProfile(ConfirmRemoveProfile),
            ExportPrompt(ExportPrompt),
            ManagerPicker(ManagerPicker),
            ClearManager(ClearManager),
            ProfilePicker(ProfilePicker),
            Import(Import),
            ColumnChooser(ColumnChooser),
            BulkProgress(BulkProgress),
            BulkSummary(BulkSummary),
            ClearMarks(ClearMarks),
            BulkReview(BulkReview),
            BulkForm(BulkForm),
        }
    };
}
pub(crate) use for_each_screen;

/// A screen type that can be found on the stack.
pub trait OnStack: Sized {
    fn of(screen: &Screen) -> Option<&Self>;
    fn of_mut(screen: &mut Screen) -> Option<&mut Self>;
}

macro_rules! define_screens {
    ($($variant:ident($ty:ident),)*) => {
        /// One screen on the stack.
        #[derive(Clone, Debug)]
        pub enum Screen {
            $($variant(Box<$ty>),)*
        }

        $(impl OnStack for $ty {
            fn of(screen: &Screen) -> Option<&Self> {
                match screen {
                    Screen::$variant(s) => Some(s),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
            fn of_mut(screen: &mut Screen) -> Option<&mut Self> {
                match screen {
                    Screen::$variant(s) => Some(s),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        })*
    };
}

for_each_screen!(define_screens);

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

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Screen> {
        self.0.iter_mut()
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

    /// Takes the topmost screen of type `T` off the stack, leaving the ones above it (never
    /// the base).
    pub fn remove<T: OnStack>(&mut self) {
        if let Some(i) = self.0.iter().rposition(|s| T::of(s).is_some())
            && i > 0
        {
            self.0.remove(i);
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

    pub fn list(&self) -> Option<&UserList> {
        self.find()
    }

    pub fn list_mut(&mut self) -> Option<&mut UserList> {
        self.find_mut()
    }

    /// Whether each open detail of user `id` holds every property.
    pub fn details_complete(&mut self, id: &UserId) -> impl Iterator<Item = &mut bool> {
        let id = id.clone();
        self.0.iter_mut().filter_map(move |screen| match screen {
            Screen::UserDetail(detail) if detail.user.id == id => Some(&mut detail.complete),
            _ => None,
        })
    }

    /// The open details of user `id` (its list row is changed through the list, which holds
    /// only its columns).
    pub fn details_mut(&mut self, id: &UserId) -> impl Iterator<Item = &mut User> {
        let id = id.clone();
        self.0
            .iter_mut()
            .filter_map(|screen| match screen {
                Screen::UserDetail(detail) => Some(&mut detail.user),
                _ => None,
            })
            .filter(move |user| user.id == id)
    }
}
