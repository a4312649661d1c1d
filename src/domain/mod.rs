//! The map's pure types and rules: no I/O, no SQL, no printing.

pub mod filter;
pub mod names;
pub mod rhythm;
pub mod supporter;
pub mod vocabulary;

pub use rhythm::Rhythm;
pub use supporter::{Changes, Field, Profile, Supporter};
pub use vocabulary::{Category, Circle, Function, Kind, Mode, Status};
