package jsonschema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSchema = `{
	"$schema": "http://json-schema.org/draft-04/schema#",
	"type": "object",
	"additionalProperties": false,
	"required": ["version", "runs"],
	"properties": {
		"version": {"enum": ["2.1.0"]},
		"uri": {"type": "string", "format": "uri"},
		"ref": {"type": "string", "format": "uri-reference"},
		"when": {"type": "string", "format": "date-time"},
		"guid": {"type": "string", "pattern": "^[0-9a-f]{4}$"},
		"line": {"type": "integer", "minimum": 1},
		"rank": {"type": "number", "minimum": -1.0, "maximum": 100.0},
		"tags": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string"}},
		"runs": {"type": ["array", "null"], "items": {"$ref": "#/definitions/run"}},
		"either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
		"one": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
		"props": {"type": "object", "additionalProperties": {"type": "boolean"}},
		"both": {"allOf": [{"type": "string"}, {"pattern": "b"}]}
	},
	"definitions": {
		"run": {
			"type": "object",
			"required": ["tool"],
			"properties": {"tool": {"type": "string"}},
			"patternProperties": {"^x-": {"type": "integer"}}
		}
	}
}`

func TestValidate(t *testing.T) {
	s, err := Compile([]byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		doc  string
		errs []string // substrings, one per expected error, in order
	}{
		{`{"version": "2.1.0", "runs": []}`, nil},
		{`{"version": "2.1.0", "runs": null}`, nil},
		{`{"version": "2.1.0", "runs": [{"tool": "t", "x-n": 3, "other": true}]}`, nil},
		{`{"version": "2.0.0", "runs": []}`, []string{`/version: "2.0.0" is not one of [2.1.0]`}},
		{`{"runs": []}`, []string{`(root): missing required property "version"`}},
		{`{"version": "2.1.0", "runs": [], "extra": 1}`, []string{`(root): property "extra" is not allowed`}},
		{`{"version": "2.1.0", "runs": [{}]}`, []string{`/runs/0: missing required property "tool"`}},
		{`{"version": "2.1.0", "runs": [{"tool": "t", "x-n": "three"}]}`, []string{`/runs/0/x-n: string, want type integer`}},
		{`{"version": "2.1.0", "runs": {}}`, []string{`/runs: object, want type [array null]`}},
		{`{"version": "2.1.0", "runs": [], "uri": "file:///a/b"}`, nil},
		{`{"version": "2.1.0", "runs": [], "uri": "a/b"}`, []string{`/uri: "a/b" is not a valid uri: not absolute`}},
		{`{"version": "2.1.0", "runs": [], "ref": "a/b%20c"}`, nil},
		{`{"version": "2.1.0", "runs": [], "ref": "a/b%zz"}`, []string{`/ref: "a/b%zz" is not a valid uri-reference`}},
		{`{"version": "2.1.0", "runs": [], "when": "2026-01-02T03:04:05Z"}`, nil},
		{`{"version": "2.1.0", "runs": [], "when": "yesterday"}`, []string{`/when: "yesterday" is not a valid date-time`}},
		{`{"version": "2.1.0", "runs": [], "guid": "0a1b"}`, nil},
		{`{"version": "2.1.0", "runs": [], "guid": "0A1B"}`, []string{`/guid: "0A1B" does not match`}},
		{`{"version": "2.1.0", "runs": [], "line": 1}`, nil},
		{`{"version": "2.1.0", "runs": [], "line": 0}`, []string{`/line: 0 is out of range (minimum 1)`}},
		{`{"version": "2.1.0", "runs": [], "line": 1.5}`, []string{`/line: number, want type integer`}},
		{`{"version": "2.1.0", "runs": [], "line": 2.0}`, nil},
		{`{"version": "2.1.0", "runs": [], "rank": 100.5}`, []string{`/rank: 100.5 is out of range (maximum 100.0)`}},
		{`{"version": "2.1.0", "runs": [], "tags": []}`, []string{`/tags: 0 items, want at least 1`}},
		{`{"version": "2.1.0", "runs": [], "tags": ["a", "b", "a"]}`, []string{`/tags: items 0 and 2 are equal`}},
		{`{"version": "2.1.0", "runs": [], "tags": ["a", 1]}`, []string{`/tags/1: integer, want type string`}},
		{`{"version": "2.1.0", "runs": [], "either": 3}`, nil},
		{`{"version": "2.1.0", "runs": [], "either": true}`, []string{`/either: matches none of the anyOf alternatives`}},
		{`{"version": "2.1.0", "runs": [], "one": 1.5}`, nil},
		{`{"version": "2.1.0", "runs": [], "one": 1}`, []string{`/one: matches 2 of the oneOf alternatives, want exactly one`}},
		{`{"version": "2.1.0", "runs": [], "props": {"a": true, "b/c": 1}}`, []string{`/props/b~1c: integer, want type boolean`}},
		{`{"version": "2.1.0", "runs": [], "both": "abc"}`, nil},
		{`{"version": "2.1.0", "runs": [], "both": "ac"}`, []string{`/both: "ac" does not match "b"`}},
		{`{"version": "2.1.0", "runs": []} {}`, []string{`data after the JSON value`}},
	} {
		errs := s.Validate([]byte(tc.doc))
		if len(errs) != len(tc.errs) {
			t.Errorf("Validate(%s) = %v, want %d errors %q", tc.doc, errs, len(tc.errs), tc.errs)
			continue
		}
		for i, err := range errs {
			if !strings.Contains(err.Error(), tc.errs[i]) {
				t.Errorf("Validate(%s) error %d = %q, want one containing %q", tc.doc, i, err, tc.errs[i])
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ schema, err string }{
		{`{"type": "object", "not": {}}`, `unsupported keyword "not"`},
		{`{"properties": {"a": {"minLength": 1}}}`, `schema /properties/a: unsupported keyword "minLength"`},
		{`{"format": "email"}`, `unsupported format email`},
		{`{"$ref": "other.json#/a"}`, `unsupported reference "other.json#/a"`},
		{`{"$ref": "#/definitions/missing"}`, `reference "#/definitions/missing" does not resolve`},
		{`{"pattern": "("}`, `pattern "("`},
		{`{"type": "text"}`, `unknown type text`},
		{`{"items": [{}]}`, `a schema must be an object, not array`},
		{`[]`, `a schema must be an object`},
	} {
		_, err := Compile([]byte(tc.schema))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Compile(%s) error = %v, want one containing %q", tc.schema, err, tc.err)
		}
	}
}

// TestSARIFSchema checks that the SARIF 2.1.0 schema, which the
// SARIF writer's tests validate against, uses only what this package
// implements.
func TestSARIFSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "sarif", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(data); err != nil {
		t.Fatal(err)
	}
}
