//! The ids of the loaded rows, so each user is listed once however often Graph sends it.
//! Every page `L` takes in checks each of its users here, so the check is kept small: a GUID
//! (every id Graph writes) is one 16-byte number in a table of its own, hashed in one step,
//! and the table is two-thirds the size of one of [`RowId`]s (fewer cache misses at 100,000).

use std::collections::HashSet;

use super::row::{FastHash, RowId, table_bytes};

#[derive(Clone, Debug, Default)]
pub struct Listed {
    guids: HashSet<u128, FastHash>,
    /// Ids that are not GUIDs as Graph writes them (tests, other directories).
    others: HashSet<Box<str>, FastHash>,
}

impl Listed {
    /// Adds `id`; false when it was listed already.
    pub fn insert(&mut self, id: &RowId) -> bool {
        match id {
            RowId::Guid(bytes) => self.guids.insert(u128::from_le_bytes(*bytes)),
            RowId::Text(text) => self.others.insert(text.clone()),
        }
    }

    pub fn contains(&self, id: &RowId) -> bool {
        match id {
            RowId::Guid(bytes) => self.guids.contains(&u128::from_le_bytes(*bytes)),
            RowId::Text(text) => self.others.contains(text),
        }
    }

    pub fn remove(&mut self, id: &RowId) {
        match id {
            RowId::Guid(bytes) => self.guids.remove(&u128::from_le_bytes(*bytes)),
            RowId::Text(text) => self.others.remove(text),
        };
    }

    pub fn clear(&mut self) {
        self.guids.clear();
        self.others.clear();
    }

    /// Room for `additional` more GUIDs, made at once.
    pub fn reserve(&mut self, additional: usize) {
        self.guids.reserve(additional);
    }

    /// Heap bytes of both tables and of the ids that are not GUIDs.
    pub fn heap_bytes(&self) -> usize {
        table_bytes::<u128>(self.guids.capacity())
            + table_bytes::<Box<str>>(self.others.capacity())
            + self.others.iter().map(|id| id.len()).sum::<usize>()
    }

    /// Heap blocks: the tables, and each id that is not a GUID.
    pub fn heap_blocks(&self) -> usize {
        2 + self.others.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_listed_once_whatever_its_form() {
        let mut listed = Listed::default();
        let guid = RowId::of("0be45a96-ab9c-4eef-b1c1-ee909e6f4d18");
        let text = RowId::of("7");
        assert!(matches!(guid, RowId::Guid(_)) && matches!(text, RowId::Text(_)));
        assert!(listed.insert(&guid) && listed.insert(&text));
        assert!(!listed.insert(&guid) && !listed.insert(&text));
        assert!(listed.contains(&guid) && listed.contains(&text));
        listed.remove(&guid);
        assert!(!listed.contains(&guid) && listed.contains(&text));
        listed.clear();
        assert!(!listed.contains(&text));
    }
}
