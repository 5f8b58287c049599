//! A request written as markdown: its title, sections, paragraphs, bullets and tables, and
//! which of them are the request (problem statement, prose), which are examples and which
//! declare inputs. Nothing here is read as a request yet.

/// One `##` section (the text before the first one is a section with an empty heading).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Lower case, without the `#`s.
    pub heading: String,
    /// Each paragraph's lines joined with spaces.
    pub paragraphs: Vec<String>,
    pub bullets: Vec<String>,
    /// Each table: rows of cells (header first, separator rows left out).
    pub tables: Vec<Vec<Vec<String>>>,
}

/// A markdown document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub title: Option<String>,
    pub sections: Vec<Section>,
}

/// Whether a text is written as markdown (a heading, a table or a bullet list) rather than as
/// a one-line request.
pub fn looks_like_markdown(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let heading = lines
        .iter()
        .any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with("### "));
    let table = lines.iter().filter(|l| is_table_row(l)).count() >= 2;
    heading || table
}

fn is_table_row(line: &str) -> bool {
    line.starts_with('|') && line.ends_with('|') && line.len() > 1
}

fn is_separator_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

fn bullet(line: &str) -> Option<&str> {
    if let Some(rest) = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))
    {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim());
        }
    }
    None
}

/// Reads the document's structure.
pub fn parse(text: &str) -> Doc {
    let mut doc = Doc::default();
    let mut current = Section::default();
    let mut paragraph: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush =
        |current: &mut Section, paragraph: &mut Vec<String>, table: &mut Vec<Vec<String>>| {
            if !paragraph.is_empty() {
                current.paragraphs.push(paragraph.join(" "));
                paragraph.clear();
            }
            if !table.is_empty() {
                current.tables.push(std::mem::take(table));
            }
        };
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(h) = line.strip_prefix('#') {
            flush(&mut current, &mut paragraph, &mut table);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            let heading = h.trim_start_matches('#').trim().to_owned();
            if level == 1 && doc.title.is_none() {
                doc.title = Some(heading);
                continue;
            }
            if current != Section::default() {
                doc.sections.push(std::mem::take(&mut current));
            }
            current.heading = heading.to_lowercase();
            continue;
        }
        if line.is_empty() {
            flush(&mut current, &mut paragraph, &mut table);
            continue;
        }
        if is_table_row(line) {
            if !paragraph.is_empty() {
                current.paragraphs.push(paragraph.join(" "));
                paragraph.clear();
            }
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect();
            if !is_separator_row(&cells) {
                table.push(cells);
            }
            continue;
        }
        if let Some(b) = bullet(line) {
            flush(&mut current, &mut paragraph, &mut table);
            current.bullets.push(b.to_owned());
            continue;
        }
        if !table.is_empty() {
            current.tables.push(std::mem::take(&mut table));
        }
        paragraph.push(line.to_owned());
    }
    flush(&mut current, &mut paragraph, &mut table);
    if current != Section::default() {
        doc.sections.push(current);
    }
    doc
}

fn is_problem(heading: &str) -> bool {
    ["problem", "goal", "request", "summary", "task", "overview"]
        .iter()
        .any(|w| heading.contains(w))
}

fn is_examples(heading: &str) -> bool {
    heading.contains("example") || heading.contains("use case")
}

/// A paragraph that only introduces what follows ("The blueprint should accept two
/// inputs:"), or describes the examples.
fn is_intro(paragraph: &str) -> bool {
    paragraph.trim_end().ends_with(':')
}

impl Doc {
    /// The problem statement: the paragraphs of a "Problem statement" (goal, summary…)
    /// section, or else of the first section that has any.
    pub fn problem(&self) -> Vec<String> {
        let section = self
            .sections
            .iter()
            .find(|s| is_problem(&s.heading))
            .or_else(|| {
                self.sections
                    .iter()
                    .find(|s| !is_examples(&s.heading) && !s.paragraphs.is_empty())
            });
        section.map_or_else(Vec::new, |s| {
            s.paragraphs
                .iter()
                .filter(|p| !is_intro(p))
                .cloned()
                .collect()
        })
    }

    /// The example bullets.
    pub fn examples(&self) -> Vec<String> {
        self.sections
            .iter()
            .filter(|s| is_examples(&s.heading))
            .flat_map(|s| s.bullets.iter().cloned())
            .collect()
    }

    /// The other prose: paragraphs and bullets of the sections that are neither the problem
    /// statement nor examples, introductions left out.
    pub fn prose(&self) -> Vec<String> {
        let problem = self
            .sections
            .iter()
            .position(|s| is_problem(&s.heading))
            .or_else(|| {
                self.sections
                    .iter()
                    .position(|s| !is_examples(&s.heading) && !s.paragraphs.is_empty())
            });
        self.sections
            .iter()
            .enumerate()
            .filter(|(i, s)| Some(*i) != problem && !is_examples(&s.heading))
            .flat_map(|(_, s)| s.paragraphs.iter().chain(&s.bullets))
            .filter(|p| !is_intro(p) && input_bullet(p).is_none())
            .cloned()
            .collect()
    }

    /// Inputs written as bullets (`- \`door_sensor\`: a binary_sensor …`), as table rows
    /// with an `Input | Description` header; none when the document has an inputs table.
    pub fn input_bullets(&self) -> Vec<Vec<String>> {
        let rows: Vec<Vec<String>> = self
            .sections
            .iter()
            .filter(|s| !is_examples(&s.heading))
            .flat_map(|s| s.bullets.iter().filter_map(|b| input_bullet(b)))
            .collect();
        if rows.is_empty() {
            return rows;
        }
        let mut table = vec![vec!["Input".to_owned(), "Description".to_owned()]];
        table.extend(rows);
        table
    }

    /// Every table whose first header cell names inputs (`Input`, `Name`, `Key`).
    pub fn input_tables(&self) -> Vec<&Vec<Vec<String>>> {
        self.sections
            .iter()
            .flat_map(|s| &s.tables)
            .filter(|t| {
                t.first().and_then(|h| h.first()).is_some_and(|c| {
                    matches!(
                        c.to_lowercase().as_str(),
                        "input" | "inputs" | "name" | "key" | "field"
                    )
                })
            })
            .collect()
    }
}

/// A bullet that declares an input: a backticked key first, then `:`, `-` or `–` and its
/// description.
fn input_bullet(bullet: &str) -> Option<Vec<String>> {
    let rest = bullet.strip_prefix('`')?;
    let (key, rest) = rest.split_once('`')?;
    let rest = rest.trim_start();
    let description = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('('))?;
    Some(vec![format!("`{key}`"), description.trim().to_owned()])
}

/// Sentences of a paragraph (a full stop, `!` or `?` followed by a space or the end; `2.5`
/// stays whole).
pub fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let end = matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1).is_none_or(|c| c.is_whitespace());
        if end {
            let s: String = chars[start..=i].iter().collect();
            if !s.trim().is_empty() {
                out.push(s.trim().to_owned());
            }
            start = i + 1;
        }
    }
    let rest: String = chars[start..].iter().collect();
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const TEXT: &str = "# Porch\n\n## Problem statement\n\nTurn on the porch light\nat sunset.\n\n\
                        ## Example use cases\n\nSome examples:\n\n- one\n- two\n\n## Details\n\n\
                        Inputs:\n\n| Input | Description |\n| --- | --- |\n| `a` | An `x`. |\n\n\
                        It should be on. And 2.5 stays.\n";

    #[test]
    fn sections_paragraphs_bullets_and_tables_are_found() {
        let doc = parse(TEXT);
        assert_eq!(doc.title.as_deref(), Some("Porch"));
        assert_eq!(doc.problem(), vec!["Turn on the porch light at sunset."]);
        assert_eq!(doc.examples(), vec!["one", "two"]);
        assert_eq!(doc.prose(), vec!["It should be on. And 2.5 stays."]);
        let tables = doc.input_tables();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0][1], vec!["`a`", "An `x`."]);
        assert!(looks_like_markdown(TEXT));
        assert!(!looks_like_markdown("turn on the light at 7"));
    }

    #[test]
    fn inputs_may_be_bullets() {
        let doc = parse(
            "# T\n\n## Problem statement\n\nDo it.\n\n## Inputs\n\n- `door`: A `binary_sensor`.\n- plain words\n\nIt opens.\n",
        );
        assert_eq!(
            doc.input_bullets(),
            vec![
                vec!["Input", "Description"],
                vec!["`door`", "A `binary_sensor`."]
            ]
        );
        assert_eq!(doc.prose(), vec!["It opens.", "plain words"]);
    }

    #[test]
    fn sentences_split_on_stops_not_decimals() {
        assert_eq!(
            sentences("It should be on. And 2.5 stays."),
            vec!["It should be on.", "And 2.5 stays."]
        );
    }
}
