package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/convert"
	"vanthu/documents/kind"
	"vanthu/search"
	"vanthu/templates"
)

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong and, for input errors, which fields.
type ErrorDetail struct {
	Code    string                 `json:"code"`
	Message string                 `json:"message"`
	Fields  []templates.FieldError `json:"fields,omitempty"`
}

// HTTPError is an error with a public status, code and message.
type HTTPError struct {
	Status  int
	Code    string
	Message string
	Fields  []templates.FieldError
	Err     error // internal cause, logged only
}

func (e *HTTPError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *HTTPError) Unwrap() error { return e.Err }

func httpErr(status int, code, field, msg string) *HTTPError {
	he := &HTTPError{Status: status, Code: code, Message: msg}
	if field != "" {
		he.Fields = []templates.FieldError{{Path: field, Message: msg}}
	}
	return he
}

// toHTTP maps any error to its public form. Internal details of unexpected
// errors are never sent to the client.
func toHTTP(err error) *HTTPError {
	var he *HTTPError
	if errors.As(err, &he) {
		return he
	}
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		return &HTTPError{Status: http.StatusUnprocessableEntity, Code: "invalid_data", Message: ve.Error(), Fields: ve.Fields}
	}
	var ce *documents.ConflictError
	if errors.As(err, &ce) {
		return &HTTPError{Status: http.StatusConflict, Code: "conflict", Message: ce.Message}
	}
	switch {
	case errors.Is(err, documents.ErrNotFound), errors.Is(err, archive.ErrNotFound):
		return &HTTPError{Status: http.StatusNotFound, Code: "not_found", Message: "no such document", Err: err}
	case errors.Is(err, templates.ErrNotFound):
		return &HTTPError{Status: http.StatusNotFound, Code: "not_found", Message: "no such template", Err: err}
	case errors.Is(err, documents.ErrForbidden):
		return &HTTPError{Status: http.StatusForbidden, Code: "forbidden", Message: "your role does not allow this action", Err: err}
	case errors.Is(err, archive.ErrExists), errors.Is(err, templates.ErrExists):
		return &HTTPError{Status: http.StatusConflict, Code: "conflict", Message: "someone else changed this at the same time; reload and try again", Err: err}
	case errors.Is(err, archive.ErrProtected):
		return &HTTPError{Status: http.StatusConflict, Code: "conflict", Message: "the archived object is protected and cannot be changed or deleted", Err: err}
	case errors.Is(err, templates.ErrBuiltin):
		return &HTTPError{Status: http.StatusConflict, Code: "builtin_template", Message: "built-in templates cannot be replaced or deleted", Err: err}
	case errors.Is(err, templates.ErrInvalidTemplate):
		return &HTTPError{Status: http.StatusUnprocessableEntity, Code: "invalid_template", Message: err.Error(),
			Fields: []templates.FieldError{{Path: "docx", Message: err.Error()}}}
	case errors.Is(err, archive.ErrCorrupt):
		return &HTTPError{Status: http.StatusInternalServerError, Code: "corrupt", Message: "the archived file does not match its checksum; the security officer has been alerted in the log", Err: err}
	case errors.Is(err, convert.ErrUnavailable), errors.Is(err, convert.ErrTimeout): // PDF converter (api/pdf_handlers.go)
		return pdfError(err).(*HTTPError)
	case errors.Is(err, documents.ErrPending):
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "issuing_pending",
			Message: "the archive did not confirm the issuing; its number stays reserved until it is settled — retry with the same Idempotency-Key to get the document once it is issued", Err: err}
	case errors.Is(err, search.ErrUnavailable), errors.Is(err, archive.ErrUnavailable):
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "a storage or search backend is unavailable; try again shortly", Err: err}
	}
	return &HTTPError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error", Err: err}
}

// bindJSON decodes a JSON body strictly into v. Malformed JSON is a 400,
// wrong types and unknown fields a 422 naming the field, a body over the
// limit a 413.
func bindJSON(c *gin.Context, v any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return httpErr(http.StatusBadRequest, "malformed_json", "", "the body must hold exactly one JSON object")
	}
	return nil
}

// tooLarge reports whether err comes from a body over its limit
// (http.MaxBytesReader), however deep a reader wrapped it.
func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func jsonError(err error) *HTTPError {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return httpErr(http.StatusRequestEntityTooLarge, "too_large", "", fmt.Sprintf("the body is larger than %d bytes", mbe.Limit))
	case errors.As(err, &se):
		return httpErr(http.StatusBadRequest, "malformed_json", "", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return httpErr(http.StatusBadRequest, "malformed_json", "", "the body is empty or cut short; send a JSON object")
	case errors.As(err, &te):
		path := te.Field
		if path == "" {
			path = "body"
		}
		return httpErr(http.StatusUnprocessableEntity, "invalid_data", path, fmt.Sprintf("must be %s, got JSON %s", jsonKind(te.Type.Kind().String()), te.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return httpErr(http.StatusUnprocessableEntity, "invalid_data", field, "is not a known field")
	}
	return httpErr(http.StatusBadRequest, "malformed_json", "", "malformed JSON: "+err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int64", "int32":
		return "an integer"
	case "slice":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a " + k
}

// handle adapts a handler that returns an error to Gin, writing errors in
// the project's shape and logging internal causes.
func (s *Server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := h(c)
		if err == nil {
			return
		}
		he := toHTTP(err)
		if he.Status >= 500 {
			s.log.Error("request failed", "method", c.Request.Method, "path", c.FullPath(), "err", err)
		} else {
			s.log.Debug("request refused", "method", c.Request.Method, "path", c.FullPath(), "status", he.Status, "err", err)
		}
		if he.Status == http.StatusForbidden || he.Status == http.StatusUnauthorized {
			s.auditRefusal(c, c.Param("id"))
		}
		c.AbortWithStatusJSON(he.Status, ErrorBody{Error: ErrorDetail{Code: he.Code, Message: he.Message, Fields: he.Fields}})
	}
}
