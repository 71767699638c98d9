package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIJSON is the OpenAPI 3.1 description of every route. A new route
// is described by adding its entry under "paths"; a test fails while a
// route and the description disagree.
//
//go:embed openapi.json
var openAPIJSON []byte

// TemplateDataSchemaPrefix names the schema of each template's data in
// components.schemas of the served description: "TemplateData-<name>".
const TemplateDataSchemaPrefix = "TemplateData-"

// openAPI serves the description with the data schema of every registered
// template, built from its manifest, so that integrators can validate a
// request before sending it. It needs no token.
func (s *Server) openAPI(c *gin.Context) error {
	doc, err := s.openAPIDocument()
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, doc)
	return nil
}

// openAPIDocument returns the embedded description completed with the
// templates' data schemas: TemplateData-<name> in components.schemas, and
// in CreateDocumentRequest one if/then per template tying "data" to the
// schema of the template named by "template".
func (s *Server) openAPIDocument() (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIJSON, &doc); err != nil {
		return nil, fmt.Errorf("read the embedded OpenAPI description: %w", err)
	}
	schemas, ok := lookupObject(doc, "components", "schemas")
	if !ok {
		return nil, fmt.Errorf("the embedded OpenAPI description has no components.schemas")
	}
	create, ok := lookupObject(schemas, "CreateDocumentRequest")
	if !ok {
		return nil, fmt.Errorf("the embedded OpenAPI description has no CreateDocumentRequest schema")
	}
	var rules []any
	for _, m := range s.docs.Templates().List() {
		name := TemplateDataSchemaPrefix + m.Name
		schemas[name] = m.DataSchema()
		rules = append(rules, map[string]any{
			"if":   map[string]any{"properties": map[string]any{"template": map[string]any{"const": m.Name}}, "required": []any{"template"}},
			"then": map[string]any{"properties": map[string]any{"data": map[string]any{"$ref": "#/components/schemas/" + name}}},
		})
	}
	if len(rules) > 0 {
		create["allOf"] = rules
	}
	return doc, nil
}

// lookupObject follows keys through nested JSON objects.
func lookupObject(v map[string]any, keys ...string) (map[string]any, bool) {
	for _, k := range keys {
		next, ok := v[k].(map[string]any)
		if !ok {
			return nil, false
		}
		v = next
	}
	return v, true
}
