//! Markup written as text, for long lists: a thousand cards set as one `innerHTML`
//! cost a fraction of a thousand cards built node by node from wasm. Every piece of
//! data goes through [`push_text`].

/// Appends `text` to `out` with the characters that mean something in HTML escaped, so
/// that it reads as text in an element or a quoted attribute.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Appends `<tag class="class">text</tag>`.
pub fn push_element(out: &mut String, tag: &str, class: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push_str(" class=\"");
    out.push_str(class);
    out.push_str("\">");
    push_text(out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_open_tags_or_leave_attributes() {
        let mut out = String::new();
        push_text(&mut out, r#"<img src=x onerror="alert('1')"> & co"#);
        assert_eq!(out, "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co");
    }

    #[test]
    fn plain_text_and_other_scripts_pass_unchanged() {
        let mut out = String::new();
        push_element(&mut out, "span", "task-room", "1208 號房 · 浴室");
        assert_eq!(out, r#"<span class="task-room">1208 號房 · 浴室</span>"#);
    }
}
