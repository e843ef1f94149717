// The lspcheck command talks to gopls as an editor does, over LSP on
// standard input and output, with the settings an editor would send,
// and checks the diagnostics atomiccnt gives one file. The gopls CLI
// has no way to pass settings, so integration/gopls/run.sh uses it to
// check that "analyses": {"atomiccnt": false} turns the analyzer off.
//
//	lspcheck -gopls PATH -dir MODULE -file NAME [-settings JSON] -want SUBSTRING
//
// With -want "", it checks that atomiccnt reports nothing in the file.
// It exits 1 on a failed check, printing the diagnostics it got.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("lspcheck: ")
	gopls := flag.String("gopls", "gopls", "the gopls binary")
	dir := flag.String("dir", ".", "the module to open as the workspace")
	file := flag.String("file", "", "the Go file to diagnose, relative to -dir")
	settings := flag.String("settings", "{}", "gopls settings, as JSON (the LSP initializationOptions)")
	want := flag.String("want", "", `a substring of an atomiccnt diagnostic that must appear; "" means none may`)
	timeout := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()
	if *file == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	var opts any
	if err := json.Unmarshal([]byte(*settings), &opts); err != nil {
		log.Fatalf("-settings: %v", err)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}

	diags, err := diagnose(*gopls, abs, filepath.Join(abs, *file), opts, *timeout)
	if err != nil {
		log.Fatal(err)
	}
	var found bool
	var ours []string
	for _, d := range diags {
		if d.Source != "atomiccnt" {
			continue
		}
		line := fmt.Sprintf("%s:%d:%d: %s", *file, d.Range.Start.Line+1, d.Range.Start.Character+1, d.Message)
		ours = append(ours, line)
		fmt.Println(line)
		if *want != "" && strings.Contains(d.Message, *want) {
			found = true
		}
	}
	fmt.Printf("settings %s: %d atomiccnt diagnostics in %s\n", *settings, len(ours), *file)
	switch {
	case *want == "" && len(ours) > 0:
		log.Fatalf("want no atomiccnt diagnostics")
	case *want != "" && !found:
		log.Fatalf("no atomiccnt diagnostic contains %q", *want)
	}
}

type diagnostic struct {
	Range struct {
		Start struct{ Line, Character int }
	}
	Source  string
	Message string
}

// A conn is a JSON-RPC 2.0 connection with LSP's Content-Length framing.
type conn struct {
	w      io.Writer
	r      *bufio.Reader
	nextID int
}

type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int
		Message string
	} `json:"error,omitempty"`
}

func (c *conn) send(m any) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(data), data)
	return err
}

func (c *conn) read() (*message, error) {
	length := -1
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if length, err = strconv.Atoi(v); err != nil {
				return nil, err
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("a message without Content-Length")
	}
	data := make([]byte, length)
	if _, err := io.ReadFull(c.r, data); err != nil {
		return nil, err
	}
	var m message
	return &m, json.Unmarshal(data, &m)
}

// call sends a request and reads messages until its response, passing
// each notification and server request on the way to handle.
func (c *conn) call(method string, params any, handle func(*message) error) (json.RawMessage, error) {
	c.nextID++
	id := c.nextID
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	for {
		m, err := c.read()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", method, err)
		}
		if m.Method == "" && m.ID != nil && string(*m.ID) == strconv.Itoa(id) {
			if m.Error != nil {
				return nil, fmt.Errorf("%s: %s", method, m.Error.Message)
			}
			return m.Result, nil
		}
		if err := handle(m); err != nil {
			return nil, err
		}
	}
}

// diagnose starts gopls in dir with settings, opens file, asks gopls to
// diagnose it (the gopls.diagnose_files command, which the gopls CLI
// uses too: gopls publishes the diagnostics before it answers) and
// returns the last diagnostics published for file.
func diagnose(gopls, dir, file string, settings any, timeout time.Duration) ([]diagnostic, error) {
	cmd := exec.Command(gopls, "serve")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer cmd.Process.Kill()
	timer := time.AfterFunc(timeout, func() {
		log.Printf("timed out after %v", timeout)
		cmd.Process.Kill()
	})
	defer timer.Stop()

	c := &conn{w: stdin, r: bufio.NewReader(stdout)}
	dirURI, fileURI := uri(dir), uri(file)
	var diags []diagnostic
	handle := func(m *message) error {
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var p struct {
				URI         string
				Diagnostics []diagnostic
			}
			if err := json.Unmarshal(m.Params, &p); err != nil {
				return err
			}
			if p.URI == fileURI {
				diags = p.Diagnostics
			}
		case m.ID != nil && m.Method == "workspace/configuration":
			var p struct{ Items []any }
			json.Unmarshal(m.Params, &p)
			result := make([]any, len(p.Items))
			for i := range result {
				result[i] = settings
			}
			return c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		case m.ID != nil:
			// Progress tokens, capability registration and the like.
			return c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
		}
		return nil
	}

	text, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if _, err := c.call("initialize", map[string]any{
		"processId":             os.Getpid(),
		"rootUri":               dirURI,
		"workspaceFolders":      []any{map[string]any{"uri": dirURI, "name": filepath.Base(dir)}},
		"initializationOptions": settings,
		"capabilities": map[string]any{
			"workspace":    map[string]any{"configuration": true},
			"textDocument": map[string]any{"publishDiagnostics": map[string]any{"relatedInformation": true}},
		},
	}, handle); err != nil {
		return nil, err
	}
	notify := func(method string, params any) error {
		return c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
	}
	if err := notify("initialized", map[string]any{}); err != nil {
		return nil, err
	}
	if err := notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": fileURI, "languageId": "go", "version": 1, "text": string(text)},
	}); err != nil {
		return nil, err
	}
	if _, err := c.call("workspace/executeCommand", map[string]any{
		"command":   "gopls.diagnose_files",
		"arguments": []any{map[string]any{"Files": []string{fileURI}}},
	}, handle); err != nil {
		return nil, err
	}
	// The answer is what gopls published by the time the command
	// returned: while it shuts down it may publish an empty list for
	// the file, which clears the client's view and says nothing of
	// what the analysis found.
	result := diags
	if _, err := c.call("shutdown", nil, handle); err != nil {
		return nil, err
	}
	notify("exit", nil)
	stdin.Close()
	cmd.Wait()
	return result, nil
}

func uri(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
