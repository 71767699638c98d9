package convert

import (
	"context"
	"errors"
)

// Converter turns Word documents into PDF/A-2b.
//
// ConvertDOCX returns the PDF of docx with every font embedded and the
// PDF/A-2b identification in its XMP metadata. It is safe for concurrent
// use; a driver runs at most its configured number of conversions at once
// and makes further callers wait, for as long as ctx allows. When ctx ends
// first the error wraps ctx.Err().
//
// Close stops the converter and releases its processes and files; the
// converter must not be used afterwards.
type Converter interface {
	ConvertDOCX(ctx context.Context, docx []byte) ([]byte, error)
	Close() error
}

// Errors of converters; callers test them with errors.Is.
var (
	// ErrUnavailable means no converter is configured, or the configured
	// one cannot be started or reached.
	ErrUnavailable = errors.New("convert: no PDF converter available")
	// ErrTimeout means a conversion did not finish in time; the converter
	// process was killed and is restarted.
	ErrTimeout = errors.New("convert: conversion timed out")
	// ErrConversion means the converter refused or failed to convert the
	// document.
	ErrConversion = errors.New("convert: conversion failed")
)

// InstallHint names what to install or configure to get a converter; the
// service puts it in its 503 answers.
const InstallHint = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui python3-uno) " +
	"so that soffice is on PATH, or set VANTHU_GOTENBERG_URL to a Gotenberg 8 service"
