// Package api is the HTTP interface of vanthu (Gin). Handlers are thin: they
// bind the request, call one documents.Service method and write the answer;
// every error goes through one mapping (errors.go) to a status and the
// project's error shape:
//
//	{"error": {"code": "...", "message": "...", "fields": [{"path": "data.date", "message": "..."}]}}
package api
