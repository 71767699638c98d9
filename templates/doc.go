// Package templates loads DOCX templates with their field manifests and fills
// them from structured values. Templates are read with
// github.com/lukasjarosch/go-docx.
//
// Built-in templates are embedded from templates/builtin (builtin/<name>.docx
// with its manifest builtin/<name>.json) and loaded by NewRegistry.
// Staff-supplied templates pass ValidateUpload and Parse and are added to the
// Registry at run time; persisting them is the caller's job.
//
// # Built-in templates
//
// The files in builtin/ are the source: Word documents edited in Word or
// LibreOffice Writer, each with its manifest. The manifest's "standard"
// names the guidance the layout follows ("36-HD/VPTW"); when the Central
// Office's guidance changes (Hướng dẫn 05-HD/VPTW implementing Quy định
// 399-QĐ/TW is reported to replace 36-HD/VPTW), an office updates the
// layout in Word and the "standard" of the manifest.
//
// The present layout follows Hướng dẫn 36-HD/VPTW: A4, margins 20 mm top and
// bottom, 30 mm left, 15 mm right, Times New Roman, body 14 pt, page numbers
// centred in the top margin from page 2. The header and the footer are
// two-column borderless tables; their optional lines ({superior.text},
// {urgency.text}, {secrecy.text}, {draft.text}) sit in rows of a nested
// borderless table, because the renderer repeats or deletes the innermost
// table row holding a collection placeholder: each optional line needs a
// row of its own or it would take the whole header with it.
//
// The review report (bao-cao-danh-gia-xep-loai) ends with an optional annex
// (Phụ lục), a {#annex}…{/annex} block after the signature table, written
// once per table of data.annex.tables: {annex.title.text} ("PHỤ LỤC", in a
// paragraph with a page break before it, so the annex starts on a page of
// its own) and {annex.subtitle.text} (data.annex.title in capitals) are
// collections of one item for the first table and none for the others;
// then {annex.heading} and the table whose row of {annex.rows.*} repeats
// per unit, the last row being the sums ("Cộng"). Without data.annex the
// block is removed. Its example is examples/bao-cao-danh-gia-xep-loai-phu-luc.json
// (golden file testdata/bao-cao-danh-gia-xep-loai-phu-luc.golden); a test
// lays it out with LibreOffice and checks that it prints after the page of
// the signature.
//
// To change a built-in: open builtin/<name>.docx, edit, keep the
// placeholders and the {#coll}/{/coll} marker paragraphs, and save as Word
// .docx. Add or remove placeholders only together with the manifest's
// "placeholders" (and "fields"). Then run go test ./templates: the tests
// check the placeholders against the manifest, render the examples in
// examples/ and lay them out with LibreOffice; TestBuiltinFiles compares
// the rendered word/document.xml with testdata/<name>.golden, which
// go test ./templates -run TestBuiltinFiles -update rewrites once the
// change is checked in an office suite.
//
// # Placeholders
//
// A placeholder is a name in single braces in the text of word/document.xml,
// a header or a footer. Names are dotted paths of parts made of ASCII
// letters, digits, '_' and '-', each part starting with a letter or '_':
//
//	{number_line}       a scalar: Values{"number_line": "Số 15-TB/TU"}
//	{signature.name}    an object field: Values{"signature": Values{"name": "…"}}
//	{sections.heading}  a field of the items of a collection (below)
//
// The manifest's Placeholders lists exactly the paths used in the document,
// without indices and without block markers ("sections.heading",
// "sections.items.text"). Word may split a placeholder over several runs
// (spelling marks, formatting, revision ids); Parse joins each into one run.
// "{{", unbalanced braces, braces in field codes, footnotes or comments, and
// names with spaces are refused with a message naming the paragraph.
//
// # Collections
//
// A collection is a value of type []Values (or []any of objects, as JSON
// decoding gives). It repeats part of the body of word/document.xml once per
// item; inside the repeated part, {coll.field} is the field of that item.
//
// A paragraph or table row holding {coll.field} is repeated: the innermost
// table row (w:tr) holding it, or the innermost paragraph (w:p) if no row
// does. So in a table a whole row repeats per item, and a paragraph in the
// body repeats by itself. Zero items remove it; a table cell left without a
// paragraph keeps an empty <w:p/>, and a table left without rows is removed.
// An optional paragraph is a collection of zero or one item:
// {secrecy.text} with Values{"secrecy": []Values{}} removes the paragraph.
//
// A block repeats several paragraphs and tables: a paragraph whose whole text
// is {#coll} and a later paragraph whose whole text is {/coll}, both directly
// in the body or both directly in the same table cell, delimit content that
// is written once per item; the two marker paragraphs are removed. Blocks
// nest. Inside a block, {coll.field} is the item's field and repeats nothing
// by itself; a nested collection such as {sections.items.text} inside a
// {#sections} block repeats, per section, the innermost row or paragraph
// holding it within the block. Blocks are how paragraphs repeat inside a
// table cell: without them the whole row would repeat. A block whose value is
// an object is written once with the object's fields. Paragraphs holding a
// section break (w:sectPr) cannot be repeated or removed.
//
// The result is that of cloning each unit and renaming {coll. to {coll.N.
// (N counting from 0), recursively, then filling from the tree flattened into
// one map ("sections.1.items.0.text"); error messages use these flat names.
// A unit holding placeholders of two collections repeats for every pair.
// Clones get fresh w14:paraId, w14:textId, bookmark ids and names and drawing
// (wp:docPr) ids; the first copy keeps the originals. Collections are not
// supported in headers and footers.
//
// # Values
//
// Leaf values are strings or numbers (written in plain digits; format them
// before rendering). Every value is sanitised: invalid UTF-8 replaced, the
// control characters XML forbids and U+FFFE/U+FFFF dropped, CRLF and CR made
// LF, and the text normalised to NFC; "\n" becomes a line break (w:br) in the
// same paragraph. Values are written literally: "{x}" in a value stays
// "{x}". Every placeholder left after expansion needs a value; a missing
// one is an error naming it, never "<nil>".
//
// # go-docx
//
// go-docx does one job: reading a template. Parse has it find every
// placeholder, including those Word or LibreOffice split across runs
// (spelling marks, formatting, revision ids), and join each into one run
// (a ReplaceAll of each placeholder with itself, after a lint that keeps it
// away from the inputs that make it panic or misread runs). Those calls hold
// one package-wide mutex (go-docx keeps global counters) and run under
// recover. Render never calls go-docx: this package expands the collections
// and writes every value itself, escaped as go-docx escapes
// (html.EscapeString, "\n" as a line break), so renders run in parallel.
// Tests compare Render byte for byte with the reference pipeline of the
// design, where go-docx fills the whole expanded, renamed document.
//
// Render checks its output before returning it: every part it rewrote is
// well-formed XML with nothing after the root (a fast strict check, with
// encoding/xml as the judge of anything it refuses), and the zip reads back
// with correct checksums. The other parts are byte-for-byte copies of the
// template, whose XML parts Parse checked with encoding/xml. Any failure
// discards the document. Rewritten parts up to 64 KiB are stored
// uncompressed: deflating them cost more than the rest of a render.
//
// # Errors
//
// Errors wrap ErrInvalidTemplate (Parse, ValidateUpload, NewRegistry, Add),
// ErrRender (Render; also ErrTooLarge above the placeholder cap),
// ErrNotFound, ErrBuiltin and ErrExists (Registry); test them with errors.Is.
package templates
