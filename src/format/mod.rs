//! File formats: pure conversion between the map's records (`crate::domain::records`)
//! and bytes, one module per format. No SQL and no printing here.

pub mod csv;
pub mod ics;
pub mod json;
pub mod lines;
pub mod sealed;
pub mod vcard;
