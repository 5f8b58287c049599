//! Repair an automation file and print what was done and the result:
//!     cargo run -p homeai-automation-model --example repair -- FILE [YEAR.MONTH]
//! The release (default 2024.10) picks the dialect of the output.

use std::process::ExitCode;

use homeai_automation_model::{Dialect, check_version, repair, to_yaml};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: repair FILE [YEAR.MONTH]");
        return ExitCode::FAILURE;
    };
    let (year, month) = args
        .next()
        .and_then(|v| {
            let (y, m) = v.split_once('.')?;
            Some((y.parse().ok()?, m.parse().ok()?))
        })
        .unwrap_or((2024, 10));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match repair(&text) {
        Ok(repaired) => {
            for note in &repaired.repairs {
                println!("# {note}");
            }
            if let Err(findings) = check_version(&repaired.automation, year, month) {
                for finding in findings {
                    println!("# not in {year}.{month}: {finding}");
                }
            }
            print!(
                "{}",
                to_yaml(&repaired.automation, Dialect::for_version(year, month))
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rejected: {e}");
            ExitCode::FAILURE
        }
    }
}
