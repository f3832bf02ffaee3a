//! What the connect screen remembers: the last sign-in failure.

use crate::graph::GraphError;

#[derive(Clone, Debug, Default)]
pub struct Connect {
    /// The last sign-in failure, shown until the next attempt.
    pub error: Option<GraphError>,
}
