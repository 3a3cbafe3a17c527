//! Apply: turns a plan into steps and walks them against a provider.
//! Never calls AWS itself: the provider does, behind the trait defined here.

pub mod events;
pub mod execute;
pub mod provider;
pub mod scheduler;
pub mod steps;
pub mod summary;
pub mod walk;

pub use events::{Event, Operation, Phase, Reporter, Silent};
pub use execute::StepError;
pub use provider::{DeleteOptions, Progress, Provider, ProviderError, Request};
pub use scheduler::{Options, Outcome, StepOutcome, run};
pub use summary::Summary;
