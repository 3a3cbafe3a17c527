//! What `plan`, `validate` and `import` show, in one place (cargo's `Shell`,
//! as `run_view` is for `apply` and `destroy`): each command says what it found
//! or did, and the view picks the wording, the format (text or JSON) and the
//! colour. Nothing here decides anything.

use std::path::Path;

use super::plan::Style;
use crate::aws::adopt::Adoptee;
use crate::plan::{Plan, ResourceChange};
use crate::stack::{Diagnostic, LoadedStack};

/// `stackctl plan`'s main output: the text plan, or its JSON document.
pub enum PlanView {
    Text { color: bool },
    Json,
}

impl PlanView {
    pub fn new(json: bool) -> Self {
        if json {
            PlanView::Json
        } else {
            PlanView::Text {
                color: super::stdout_color(),
            }
        }
    }

    pub fn plan(&self, plan: &Plan) {
        match self {
            PlanView::Json => crate::outln!(
                "{}",
                serde_json::to_string_pretty(&super::plan_json::document(plan)).expect("plan serialises")
            ),
            PlanView::Text { color } => crate::out!("{}", super::plan::render(plan, &Style { color: *color })),
        }
    }

    /// The plan was saved to `path` (`plan --out`); JSON says nothing more.
    pub fn saved(&self, path: &Path) {
        if let PlanView::Text { .. } = self {
            crate::outln!(
                "\nSaved the plan to {}. Apply exactly this plan with: stackctl apply {}",
                path.display(),
                path.display()
            );
        }
    }

    /// The Markdown comment written to stdout (`plan --markdown -`).
    pub fn comment(comment: &str) {
        crate::out!("{comment}");
    }
}

/// `stackctl validate`'s answer on stdout (warnings and errors go to stderr).
pub struct ValidateView {
    pub json: bool,
}

impl ValidateView {
    /// A valid stack file, and (in text) how many resources it describes.
    pub fn valid(&self, loaded: &LoadedStack, resources: impl FnOnce() -> usize) {
        if self.json {
            let out = serde_json::json!({ "valid": true, "path": loaded.path, "diagnostics": loaded.warnings });
            crate::outln!("{out}");
        } else {
            super::print_warnings(loaded);
            crate::outln!(
                "{}: valid: stack `{}`, {} resources",
                loaded.path,
                loaded.stack.stack.value,
                resources()
            );
        }
    }

    /// An invalid stack file, as JSON (the text view reports it as an error).
    pub fn invalid_json(path: &str, diagnostics: &[Diagnostic]) {
        let out = serde_json::json!({ "valid": false, "path": path, "diagnostics": diagnostics });
        crate::outln!("{out}");
    }
}

/// `stackctl import`'s text: what it proposes, then what it did.
pub struct ImportView {
    style: Style,
}

impl Default for ImportView {
    fn default() -> Self {
        ImportView {
            style: Style {
                color: super::stdout_color(),
            },
        }
    }
}

impl ImportView {
    /// Nothing to adopt; `notes` lists what import leaves alone, and why.
    pub fn nothing(&self, conflicts_left: bool, notes: &str) {
        let nothing = if conflicts_left {
            "Nothing to import."
        } else {
            "Nothing to import: the plan lists no conflict."
        };
        crate::outln!("{nothing}{notes}");
    }

    /// What import will do to each resource, and what it leaves alone.
    pub fn proposal(&self, adoptees: &[Adoptee], hash_only: &[ResourceChange], notes: &str) {
        crate::out!("{}{notes}", super::import::render(adoptees, hash_only, &self.style));
    }

    pub fn imported(&self, count: usize) {
        crate::outln!("\nImported {count} resource(s). `stackctl plan` shows what apply would still change.");
    }
}
