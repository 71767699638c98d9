package api

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// openAPIValidatorEnv names the command-line validator of
// @seriousme/openapi-schema-validator that .ci/test.sh installs.
const openAPIValidatorEnv = "VANTHU_TEST_OPENAPI_VALIDATOR"

// TestOpenAPIValidatesWithIndependentTool checks the served description
// (with the templates' data schemas) against the official OpenAPI 3.1
// schema with a tool that is not ours; a broken copy must be refused, so
// the tool is seen to judge.
func TestOpenAPIValidatesWithIndependentTool(t *testing.T) {
	cli := os.Getenv(openAPIValidatorEnv)
	node, err := exec.LookPath("node")
	if cli == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s and node are required in CI (installed by .ci/test.sh)", openAPIValidatorEnv)
		}
		t.Skipf("set %s (see .ci/test.sh) and install node to check the description with an independent validator", openAPIValidatorEnv)
	}
	ts := newTestServer(t)
	broken := map[string]any{}
	for k, v := range ts.doc {
		broken[k] = v
	}
	broken["openapi"] = "3.1.0"
	broken["paths"] = map[string]any{"/x": map[string]any{"get": map[string]any{"responses": "none"}}}
	for _, tc := range []struct {
		name  string
		doc   map[string]any
		valid bool
	}{
		{"served", ts.doc, true},
		{"broken", broken, false},
	} {
		b, err := json.Marshal(tc.doc)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), tc.name+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, cli, path).CombinedOutput()
		valid := err == nil && strings.Contains(string(out), `"valid": true`)
		if valid != tc.valid {
			t.Errorf("%s description: valid=%v, want %v (%v):\n%s", tc.name, valid, tc.valid, err, out)
		}
	}
}
