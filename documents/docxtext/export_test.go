package docxtext

// Exported for the tests of package docxtext_test.
var (
	ScanText       = scanText
	ParagraphsText = paragraphsText
	ZipReader      = zipReader
	WordNS         = wordNS
)
