package examples_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regions every language must provide for both components; the README shows each one.
var wantRegions = []string{
	"go-visible-eip", "go-multi-eip",
	"ts-visible-eip", "ts-multi-eip",
	"python-visible-eip", "python-multi-eip",
}

// markerPattern matches a region marker line: `// [start NAME]` or `# [end NAME]`.
var markerPattern = regexp.MustCompile(`^([ \t]*)(?://|#)[ \t]*\[(start|end) ([a-z0-9][a-z0-9-]*)\][ \t]*$`)

// region is a marked part of an example file.
type region struct {
	File string
	Line int
	Text string
}

// parseRegions returns the regions marked in one file. A region's text is the lines
// between its markers, each without the indentation of the start marker; marker lines of
// other regions inside it are left out.
func parseRegions(file, content string) (map[string]region, error) {
	type open struct {
		line   int
		indent string
		text   strings.Builder
	}
	found := map[string]region{}
	opened := map[string]*open{}
	lines := strings.SplitAfter(content, "\n")
	for i, line := range lines {
		n := i + 1
		if m := markerPattern.FindStringSubmatch(strings.TrimRight(line, "\r\n")); m != nil {
			indent, kind, name := m[1], m[2], m[3]
			switch kind {
			case "start":
				if _, dup := found[name]; dup || opened[name] != nil {
					return nil, fmt.Errorf("%s:%d: region %s starts twice", file, n, name)
				}
				opened[name] = &open{line: n, indent: indent}
			case "end":
				o := opened[name]
				if o == nil {
					return nil, fmt.Errorf("%s:%d: region %s ends without a start", file, n, name)
				}
				if o.text.Len() == 0 {
					return nil, fmt.Errorf("%s:%d: region %s is empty", file, o.line, name)
				}
				found[name] = region{File: file, Line: o.line, Text: o.text.String()}
				delete(opened, name)
			}
			continue
		}
		for name, o := range opened {
			body := strings.TrimRight(line, "\r\n")
			switch {
			case strings.TrimSpace(body) == "":
				o.text.WriteString("\n")
			case strings.HasPrefix(body, o.indent):
				o.text.WriteString(strings.TrimPrefix(body, o.indent) + "\n")
			default:
				return nil, fmt.Errorf("%s:%d: line is indented less than the start of region %s", file, n, name)
			}
		}
	}
	for name, o := range opened {
		return nil, fmt.Errorf("%s:%d: region %s has no end marker", file, o.line, name)
	}
	return found, nil
}

// fence is a fenced code block of a Markdown document that names a region.
type fence struct {
	Line   int
	Region string
	Text   string
}

// parseFences returns the fenced code blocks whose info string holds `region=NAME`.
func parseFences(content string) ([]fence, error) {
	var out []fence
	lines := strings.Split(strings.ReplaceAll(content, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " ")
		if len(lines[i])-len(trimmed) > 3 {
			continue
		}
		marker := fenceMarker(trimmed)
		if marker == "" {
			continue
		}
		info := strings.Fields(trimmed[len(marker):])
		name := ""
		for _, f := range info {
			if v, ok := strings.CutPrefix(f, "region="); ok {
				name = v
			}
		}
		start := i
		var body strings.Builder
		closed := false
		for i++; i < len(lines); i++ {
			t := strings.TrimSpace(lines[i])
			if strings.HasPrefix(t, marker) && strings.Trim(t, marker[:1]) == "" {
				closed = true
				break
			}
			body.WriteString(lines[i] + "\n")
		}
		if !closed {
			return nil, fmt.Errorf("README.md:%d: code block is not closed", start+1)
		}
		if name != "" {
			out = append(out, fence{Line: start + 1, Region: name, Text: body.String()})
		}
	}
	return out, nil
}

// fenceMarker is the run of three or more backticks or tildes that opens a line, if any.
func fenceMarker(line string) string {
	for _, c := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, c))
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// exampleRegions reads the regions of every example program.
func exampleRegions(t *testing.T) map[string]region {
	t.Helper()
	all := map[string]region{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "bin" || d.Name() == "venv") {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || (ext != ".go" && ext != ".ts" && ext != ".py") {
			return nil
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		regions, err := parseRegions(filepath.Join("examples", path), string(content))
		if err != nil {
			return err
		}
		for name, r := range regions {
			if prev, dup := all[name]; dup {
				return fmt.Errorf("region %s is marked in %s and in %s", name, prev.File, r.File)
			}
			all[name] = r
		}
		return nil
	})
	require.NoError(t, err)
	return all
}

func TestExamplesMarkEveryRegion(t *testing.T) {
	regions := exampleRegions(t)
	for _, name := range wantRegions {
		assert.Contains(t, regions, name, "no example marks region %s", name)
	}
}

func TestReadmeSnippetsMatchExamples(t *testing.T) {
	regions := exampleRegions(t)
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err, "the README's usage sections are checked against the examples")
	fences, err := parseFences(string(readme))
	require.NoError(t, err)
	var used []string
	for _, f := range fences {
		r, ok := regions[f.Region]
		if !assert.True(t, ok, "README.md:%d names region %s, which no example marks", f.Line, f.Region) {
			continue
		}
		used = append(used, f.Region)
		assert.Equal(t, r.Text, f.Text, "README.md:%d differs from region %s of %s:%d; copy the region into the README",
			f.Line, f.Region, r.File, r.Line)
	}
	for _, name := range wantRegions {
		assert.True(t, slices.Contains(used, name),
			"README.md shows no code block for region %s (a fence like ```lang region=%s)", name, name)
	}
}

func TestParseRegions(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    map[string]string
		wantErr string
	}{
		{
			name:    "go region inside a function loses the marker's indentation",
			content: "func f() {\n\t// [start a]\n\tx := 1\n\n\tif x > 0 {\n\t\ty()\n\t}\n\t// [end a]\n}\n",
			want:    map[string]string{"a": "x := 1\n\nif x > 0 {\n\ty()\n}\n"},
		},
		{
			name:    "python markers and an overlapping region",
			content: "# [start a]\nx = 1\n# [start b]\ny = 2\n# [end a]\nz = 3\n# [end b]\n",
			want:    map[string]string{"a": "x = 1\ny = 2\n", "b": "y = 2\nz = 3\n"},
		},
		{
			name:    "crlf line ends are dropped",
			content: "// [start a]\r\nconst x = 1;\r\n// [end a]\r\n",
			want:    map[string]string{"a": "const x = 1;\n"},
		},
		{name: "missing end", content: "// [start a]\nx\n", wantErr: "region a has no end marker"},
		{name: "end without start", content: "x\n// [end a]\n", wantErr: "region a ends without a start"},
		{name: "twice", content: "// [start a]\nx\n// [end a]\n// [start a]\ny\n// [end a]\n", wantErr: "region a starts twice"},
		{name: "empty", content: "// [start a]\n// [end a]\n", wantErr: "region a is empty"},
		{name: "dedent below the marker", content: "\t// [start a]\nx\n\t// [end a]\n", wantErr: "indented less than the start of region a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRegions("f", tt.content)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			texts := map[string]string{}
			for name, r := range got {
				texts[name] = r.Text
			}
			assert.Equal(t, tt.want, texts)
		})
	}
}

func TestParseFences(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []fence
		wantErr string
	}{
		{
			name:    "only blocks that name a region",
			content: "# T\n\n```sh\nmake demo\n```\n\n```go region=go-visible-eip\nx := 1\n\ny := 2\n```\n",
			want:    []fence{{Line: 7, Region: "go-visible-eip", Text: "x := 1\n\ny := 2\n"}},
		},
		{
			name:    "longer fences and tildes",
			content: "~~~~python region=p\n~~~\nx\n~~~~\n````ts region=t\ny\n````\n",
			want:    []fence{{Line: 1, Region: "p", Text: "~~~\nx\n"}, {Line: 5, Region: "t", Text: "y\n"}},
		},
		{name: "unclosed", content: "```ts region=t\ny\n", wantErr: "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFences(tt.content)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
