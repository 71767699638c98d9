package templates

import (
	"encoding/json"
	"strings"
	"testing"
)

// DataSchema states the manifest's rules in JSON Schema; the api tests
// validate requests against it, here its shape is checked field by field.
func TestDataSchema(t *testing.T) {
	b, err := json.Marshal(validManifest().DataSchema())
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		`"additionalProperties":false`,
		`"required":["title","date","signature","recipients"]`,
		`"title":{"maxLength":20,"pattern":"^[^\\r\\n]*\\S[^\\r\\n]*$","type":"string"}`,
		`"body":{"anyOf":[{"type":"string"},{"type":"null"}]}`,
		`"number":{"anyOf":[{"maximum":99999,"minimum":1,"type":"integer"},{"type":"null"}]}`,
		`"date":{"pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$","type":"string"}`,
		`"secrecy":{"anyOf":[{"enum":["","MẬT","TỐI MẬT"]},{"type":"null"}]}`,
		`"signature":{"additionalProperties":false,"properties":{"name":{"pattern":"^[^\\r\\n]*\\S[^\\r\\n]*$","type":"string"}},"required":["name"],"type":"object"}`,
		`"items":{"anyOf":[{"items":{"maxLength":5,"pattern":"^[^\\r\\n]*$","type":"string"},"type":"array"},{"type":"null"}]}`,
		`"maxItems":2`,
		`"recipients":{"items":{"pattern":"^[^\\r\\n]*$","type":"string"},"minItems":1,"type":"array"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the schema lacks %s:\n%s", want, got)
		}
	}
}
