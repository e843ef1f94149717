// Package jsonschema validates JSON documents against a JSON Schema
// (draft 4), implementing the keywords that the SARIF 2.1.0 schema
// uses. Compile rejects a schema that uses any other keyword, so a
// schema this package cannot check completely is never checked
// partially.
//
// It exists for tests; no command depends on it.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Schema is a compiled JSON schema.
type Schema struct {
	root     any
	patterns map[string]*regexp.Regexp
}

// annotations are keywords that do not constrain a document.
var annotations = map[string]bool{
	"$schema": true, "id": true, "title": true, "description": true, "default": true,
}

// validators are the keywords Validate checks.
var validators = map[string]bool{
	"$ref": true, "type": true, "enum": true,
	"properties": true, "additionalProperties": true, "patternProperties": true, "required": true,
	"items": true, "minItems": true, "uniqueItems": true,
	"minimum": true, "maximum": true,
	"pattern": true, "format": true,
	"allOf": true, "anyOf": true, "oneOf": true,
	"definitions": true, // not a constraint, but holds schemas
}

// formats are the values of "format" that Validate checks.
var formats = map[string]bool{"uri": true, "uri-reference": true, "date-time": true}

// Compile parses a schema and checks that it uses only supported
// keywords and formats, that its patterns compile and that its
// references resolve.
func Compile(data []byte) (*Schema, error) {
	root, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("schema: %v", err)
	}
	s := &Schema{root: root, patterns: make(map[string]*regexp.Regexp)}
	if err := s.check(root, ""); err != nil {
		return nil, err
	}
	return s, nil
}

// check walks a schema value at JSON pointer ptr.
func (s *Schema) check(v any, ptr string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("schema %s: a schema must be an object, not %s", ptrOrRoot(ptr), kindOf(v))
	}
	for _, k := range sortedKeys(obj) {
		val := obj[k]
		at := ptr + "/" + escape(k)
		switch {
		case annotations[k]:
			continue
		case !validators[k]:
			return fmt.Errorf("schema %s: unsupported keyword %q", ptrOrRoot(ptr), k)
		}
		var err error
		switch k {
		case "$ref":
			ref, _ := val.(string)
			_, err = s.resolve(ref)
		case "properties", "patternProperties", "definitions":
			m, ok := val.(map[string]any)
			if !ok {
				return fmt.Errorf("schema %s: want an object", at)
			}
			for _, name := range sortedKeys(m) {
				if k == "patternProperties" {
					if err := s.compilePattern(name, at); err != nil {
						return err
					}
				}
				if err := s.check(m[name], at+"/"+escape(name)); err != nil {
					return err
				}
			}
		case "additionalProperties":
			if _, ok := val.(bool); !ok {
				err = s.check(val, at)
			}
		case "items":
			err = s.check(val, at) // the tuple form is not supported
		case "allOf", "anyOf", "oneOf":
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				return fmt.Errorf("schema %s: want a non-empty array", at)
			}
			for i, sub := range list {
				if err := s.check(sub, at+"/"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
		case "pattern":
			p, _ := val.(string)
			err = s.compilePattern(p, at)
		case "format":
			if f, _ := val.(string); !formats[f] {
				err = fmt.Errorf("schema %s: unsupported format %v", at, val)
			}
		case "type":
			err = checkType(val, at)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Schema) compilePattern(p, at string) error {
	re, err := regexp.Compile(p)
	if err != nil {
		return fmt.Errorf("schema %s: pattern %q: %v", at, p, err)
	}
	s.patterns[p] = re
	return nil
}

var typeNames = []string{"array", "boolean", "integer", "null", "number", "object", "string"}

func checkType(v any, at string) error {
	names := []any{v}
	if list, ok := v.([]any); ok {
		names = list
	}
	for _, n := range names {
		if s, ok := n.(string); !ok || !slices.Contains(typeNames, s) {
			return fmt.Errorf("schema %s: unknown type %v", at, n)
		}
	}
	return nil
}

// resolve follows a reference within the schema: "#" or "#/a/b".
func (s *Schema) resolve(ref string) (any, error) {
	if ref != "#" && !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("schema: unsupported reference %q (only within the document)", ref)
	}
	v := s.root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#"), "/")[1:] {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("schema: reference %q does not resolve", ref)
		}
		if v, ok = obj[tok]; !ok {
			return nil, fmt.Errorf("schema: reference %q does not resolve", ref)
		}
	}
	return v, nil
}

// Validate checks the JSON document data against the schema and
// returns every violation, each prefixed by the JSON pointer of the
// offending value.
func (s *Schema) Validate(data []byte) []error {
	doc, err := decode(data)
	if err != nil {
		return []error{err}
	}
	var errs []error
	s.validate(s.root, doc, "", &errs)
	return errs
}

func (s *Schema) validate(schema, v any, ptr string, errs *[]error) {
	obj := schema.(map[string]any) // checked by Compile
	fail := func(format string, args ...any) {
		*errs = append(*errs, fmt.Errorf("%s: %s", ptrOrRoot(ptr), fmt.Sprintf(format, args...)))
	}
	for _, k := range sortedKeys(obj) {
		val := obj[k]
		switch k {
		case "$ref":
			target, _ := s.resolve(val.(string))
			s.validate(target, v, ptr, errs)
		case "type":
			if !hasType(v, val) {
				fail("%s, want type %v", kindOf(v), val)
			}
		case "enum":
			if !slices.ContainsFunc(val.([]any), func(e any) bool { return equal(e, v) }) {
				fail("%s is not one of %v", compact(v), val)
			}
		case "properties", "patternProperties", "additionalProperties", "required":
			// Handled together, once, below.
		case "items":
			if list, ok := v.([]any); ok {
				for i, item := range list {
					s.validate(val, item, ptr+"/"+strconv.Itoa(i), errs)
				}
			}
		case "minItems":
			if list, ok := v.([]any); ok && float64(len(list)) < number(val) {
				fail("%d items, want at least %v", len(list), val)
			}
		case "uniqueItems":
			if list, ok := v.([]any); ok && val == true {
				for i := range list {
					for j := range i {
						if equal(list[i], list[j]) {
							fail("items %d and %d are equal", j, i)
						}
					}
				}
			}
		case "minimum", "maximum":
			n, ok := v.(json.Number)
			if !ok {
				continue
			}
			c := compareNumbers(n, val.(json.Number))
			if (k == "minimum" && c < 0) || (k == "maximum" && c > 0) {
				fail("%s is out of range (%s %s)", n, k, val)
			}
		case "pattern":
			if str, ok := v.(string); ok && !s.patterns[val.(string)].MatchString(str) {
				fail("%q does not match %q", str, val)
			}
		case "format":
			if str, ok := v.(string); ok {
				if err := checkFormat(val.(string), str); err != nil {
					fail("%q is not a valid %s: %v", str, val, err)
				}
			}
		case "allOf":
			for _, sub := range val.([]any) {
				s.validate(sub, v, ptr, errs)
			}
		case "anyOf", "oneOf":
			var matched int
			var first []error
			for i, sub := range val.([]any) {
				var subErrs []error
				s.validate(sub, v, ptr, &subErrs)
				if len(subErrs) == 0 {
					matched++
				} else if i == 0 || len(subErrs) < len(first) {
					first = subErrs
				}
			}
			switch {
			case matched == 0:
				fail("matches none of the %s alternatives; the closest fails with: %v", k, errors(first))
			case k == "oneOf" && matched > 1:
				fail("matches %d of the oneOf alternatives, want exactly one", matched)
			}
		}
	}
	if m, ok := v.(map[string]any); ok {
		s.validateObject(obj, m, ptr, fail, errs)
	}
}

func (s *Schema) validateObject(schema, m map[string]any, ptr string, fail func(string, ...any), errs *[]error) {
	if req, ok := schema["required"].([]any); ok {
		for _, name := range req {
			if _, ok := m[name.(string)]; !ok {
				fail("missing required property %q", name)
			}
		}
	}
	props, _ := schema["properties"].(map[string]any)
	patterns, _ := schema["patternProperties"].(map[string]any)
	for _, name := range sortedKeys(m) {
		at := ptr + "/" + escape(name)
		known := false
		if sub, ok := props[name]; ok {
			known = true
			s.validate(sub, m[name], at, errs)
		}
		for _, p := range sortedKeys(patterns) {
			if s.patterns[p].MatchString(name) {
				known = true
				s.validate(patterns[p], m[name], at, errs)
			}
		}
		if known {
			continue
		}
		switch extra := schema["additionalProperties"].(type) {
		case bool:
			if !extra {
				fail("property %q is not allowed", name)
			}
		case map[string]any:
			s.validate(extra, m[name], at, errs)
		}
	}
}

func hasType(v, want any) bool {
	names := []any{want}
	if list, ok := want.([]any); ok {
		names = list
	}
	for _, n := range names {
		switch n {
		case "null":
			if v == nil {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "number":
			if _, ok := v.(json.Number); ok {
				return true
			}
		case "integer":
			if n, ok := v.(json.Number); ok && isInteger(n) {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		}
	}
	return false
}

func checkFormat(format, s string) error {
	switch format {
	case "uri":
		u, err := url.Parse(s)
		if err != nil {
			return err
		}
		if !u.IsAbs() {
			return fmt.Errorf("not absolute")
		}
	case "uri-reference":
		_, err := url.Parse(s)
		return err
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		return err
	}
	return nil
}

// decode parses JSON keeping numbers exact.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func isInteger(n json.Number) bool {
	r, ok := new(big.Rat).SetString(string(n))
	return ok && r.IsInt()
}

func compareNumbers(a, b json.Number) int {
	x, _ := new(big.Rat).SetString(string(a))
	y, _ := new(big.Rat).SetString(string(b))
	return x.Cmp(y)
}

func number(v any) float64 {
	f, _ := v.(json.Number).Float64()
	return f
}

// equal is JSON equality: numbers compare by value.
func equal(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		return ok && compareNumbers(x, y) == 0
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, equal)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

func kindOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if isInteger(v) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func errors(errs []error) string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return strings.Join(s, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func escape(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

func ptrOrRoot(ptr string) string {
	if ptr == "" {
		return "(root)"
	}
	return ptr
}
