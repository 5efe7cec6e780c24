//! The master plan as values: the process ids it lists, with an optional
//! title and lead office. It is read in [`crate::reconcile::plan`].

use serde::Serialize;

use crate::ground::finding::Location;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanEntry {
    pub id: String,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub loc: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub file: String,
    pub entries: Vec<PlanEntry>,
}

impl Plan {
    pub fn get(&self, id: &str) -> Option<&PlanEntry> {
        self.entries.iter().find(|e| e.id == id)
    }
}
