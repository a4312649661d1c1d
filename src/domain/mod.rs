//! The map's pure types and rules: no I/O, no SQL, no printing.

pub mod available;
pub mod checkin;
pub mod compare;
pub mod country;
pub mod filter;
pub mod gaps;
pub mod history;
pub mod layout;
pub mod milestone;
pub mod names;
pub mod plan;
pub mod records;
pub mod rhythm;
pub mod settings;
pub mod supporter;
pub mod text;
pub mod trends;
pub mod vocabulary;
pub mod when;

pub use checkin::{CheckIn, Contact};
pub use rhythm::Rhythm;
pub use supporter::{Changes, Field, Profile, Supporter};
pub use vocabulary::{
    By, Category, Circle, Function, Kind, Mode, Section, Severity, Status, Tie, Via,
};
