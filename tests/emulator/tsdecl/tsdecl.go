// Package tsdecl reads the TypeScript declarations of the published @pulumi/alicloud npm
// package and builds the Pulumi schema of chosen resources and functions from them: their
// tokens, every input and output property with its type, and the object types they refer to.
// The emulator's GetSchema serves the result, so languages that type-check against the
// provider's schema (Pulumi YAML) accept programs written for the real alicloud provider.
package tsdecl

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Package is the parsed declarations of one installed @pulumi/alicloud package.
type Package struct {
	dir   string
	files map[string]string
	// types collects the object types referenced so far, by schema token.
	types map[string]schema.ComplexTypeSpec
	// read records which declarations (token and side, inputs or outputs) were merged into types.
	merged map[string]bool
}

// Open reads the package installed in dir (…/node_modules/@pulumi/alicloud).
func Open(dir string) (*Package, error) {
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return nil, fmt.Errorf("@pulumi/alicloud is not installed in %s: run `make deps`", dir)
	}
	return &Package{dir: dir, files: map[string]string{}, types: map[string]schema.ComplexTypeSpec{}, merged: map[string]bool{}}, nil
}

// Version returns the package's version from its package.json.
func (p *Package) Version() (string, error) {
	text, err := p.read("package.json")
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`"version":\s*"([^"]+)"`).FindStringSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("no version in %s", filepath.Join(p.dir, "package.json"))
	}
	return m[1], nil
}

// Schema builds the package schema named "alicloud" at version with the given resource and
// function tokens, the object types they refer to, and the provider's region setting.
func (p *Package) Schema(version string, resources, functions []string) (*schema.PackageSpec, error) {
	spec := &schema.PackageSpec{
		Name:    "alicloud",
		Version: version,
		// alicloud's tokens name the file after the module (alicloud:ecs/eipAddress:EipAddress).
		Meta:      &schema.MetadataSpec{ModuleFormat: "(.*)(?:/[^/]*)"},
		Resources: map[string]schema.ResourceSpec{},
		Functions: map[string]schema.FunctionSpec{},
		Config: schema.ConfigSpec{Variables: map[string]schema.PropertySpec{
			"region": {TypeSpec: schema.TypeSpec{Type: "string"}, Description: "The region where resources are managed."},
		}},
		Provider: &schema.ResourceSpec{InputProperties: map[string]schema.PropertySpec{
			"region": {TypeSpec: schema.TypeSpec{Type: "string"}, Description: "The region where resources are managed."},
		}},
	}
	for _, token := range resources {
		r, err := p.resource(token)
		if err != nil {
			return nil, err
		}
		spec.Resources[token] = r
	}
	for _, token := range functions {
		f, err := p.function(token)
		if err != nil {
			return nil, err
		}
		spec.Functions[token] = f
	}
	spec.Types = p.types
	return spec, nil
}

// resource reads alicloud:<mod>/<file>:<Class> from <mod>/<file>.d.ts: the class's outputs and
// the <Class>Args interface's inputs.
func (p *Package) resource(token string) (schema.ResourceSpec, error) {
	mod, file, name, err := splitToken(token)
	if err != nil {
		return schema.ResourceSpec{}, err
	}
	text, err := p.read(declFile(mod, file))
	if err != nil {
		return schema.ResourceSpec{}, err
	}
	class, err := body(text, "export declare class "+name+" extends pulumi.CustomResource")
	if err != nil {
		return schema.ResourceSpec{}, fmt.Errorf("%s: %w", token, err)
	}
	args, err := body(text, "export interface "+name+"Args")
	if err != nil {
		return schema.ResourceSpec{}, fmt.Errorf("%s: %w", token, err)
	}
	var r schema.ResourceSpec
	r.Properties, r.Required, err = p.properties(class, true)
	if err != nil {
		return r, fmt.Errorf("%s outputs: %w", token, err)
	}
	r.InputProperties, r.RequiredInputs, err = p.properties(args, false)
	if err != nil {
		return r, fmt.Errorf("%s inputs: %w", token, err)
	}
	return r, nil
}

// function reads alicloud:<mod>/<fn>:<fn> from <mod>/<fn>.d.ts: <Fn>Args and <Fn>Result.
func (p *Package) function(token string) (schema.FunctionSpec, error) {
	mod, file, name, err := splitToken(token)
	if err != nil {
		return schema.FunctionSpec{}, err
	}
	text, err := p.read(declFile(mod, file))
	if err != nil {
		return schema.FunctionSpec{}, err
	}
	title := strings.ToUpper(name[:1]) + name[1:]
	args, err := body(text, "export interface "+title+"Args")
	if err != nil {
		return schema.FunctionSpec{}, fmt.Errorf("%s: %w", token, err)
	}
	result, err := body(text, "export interface "+title+"Result")
	if err != nil {
		return schema.FunctionSpec{}, fmt.Errorf("%s: %w", token, err)
	}
	in := &schema.ObjectTypeSpec{Type: "object"}
	if in.Properties, in.Required, err = p.properties(args, false); err != nil {
		return schema.FunctionSpec{}, fmt.Errorf("%s args: %w", token, err)
	}
	out := &schema.ObjectTypeSpec{Type: "object"}
	if out.Properties, out.Required, err = p.properties(result, false); err != nil {
		return schema.FunctionSpec{}, fmt.Errorf("%s result: %w", token, err)
	}
	return schema.FunctionSpec{Inputs: in, Outputs: out}, nil
}

// properties parses the members of an interface or class body. In a class, only the
// `readonly x: pulumi.Output<T>` members count, and a member is required unless its type
// admits undefined; in an interface a member is required unless it is marked `?`.
func (p *Package) properties(text string, class bool) (map[string]schema.PropertySpec, []string, error) {
	props := map[string]schema.PropertySpec{}
	var required []string
	for _, m := range members(text) {
		name, typ, optional, ok := member(m)
		if !ok {
			continue
		}
		if class {
			if !strings.HasPrefix(typ, "pulumi.Output<") {
				continue
			}
			optional = admitsUndefined(unwrap(typ))
		}
		ts, err := p.typeSpec(typ)
		if err != nil {
			return nil, nil, fmt.Errorf("property %s: %w", name, err)
		}
		props[name] = schema.PropertySpec{TypeSpec: ts}
		if !optional {
			required = append(required, name)
		}
	}
	slices.Sort(required)
	return props, required, nil
}

var memberRE = regexp.MustCompile(`^(?:readonly\s+)?([A-Za-z_$][A-Za-z0-9_$]*)(\??)\s*:\s*(.+)$`)

// member splits `readonly name?: type` into its parts; methods and index signatures are skipped.
func member(m string) (name, typ string, optional, ok bool) {
	if strings.HasPrefix(m, "static ") || strings.HasPrefix(m, "constructor") || strings.HasPrefix(m, "private ") {
		return "", "", false, false
	}
	g := memberRE.FindStringSubmatch(m)
	if g == nil {
		return "", "", false, false
	}
	return g[1], strings.TrimSpace(g[3]), g[2] == "?", true
}

// typeSpec turns a TypeScript type into a schema type, registering the object types it names.
func (p *Package) typeSpec(t string) (schema.TypeSpec, error) {
	t = unwrap(t)
	if alts := splitTop(t, '|'); len(alts) > 1 {
		var kept []string
		for _, a := range alts {
			if a != "undefined" {
				kept = append(kept, a)
			}
		}
		if len(kept) == 1 {
			return p.typeSpec(kept[0])
		}
		for _, a := range kept {
			if !strings.HasPrefix(a, `"`) {
				return schema.TypeSpec{Ref: "pulumi.json#/Any"}, nil
			}
		}
		return schema.TypeSpec{Type: "string"}, nil
	}
	switch {
	case strings.HasSuffix(t, "[]"):
		elem, err := p.typeSpec(strings.TrimSuffix(t, "[]"))
		if err != nil {
			return schema.TypeSpec{}, err
		}
		return schema.TypeSpec{Type: "array", Items: &elem}, nil
	case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
		return p.typeSpec(t[1 : len(t)-1])
	case strings.HasPrefix(t, "{"):
		m := regexp.MustCompile(`^\{\s*\[key: string\]:\s*(.+?);?\s*\}$`).FindStringSubmatch(t)
		if m == nil {
			return schema.TypeSpec{}, fmt.Errorf("unsupported object type %s", t)
		}
		elem, err := p.typeSpec(m[1])
		if err != nil {
			return schema.TypeSpec{}, err
		}
		return schema.TypeSpec{Type: "object", AdditionalProperties: &elem}, nil
	case t == "string" || t == "pulumi.ID" || strings.HasPrefix(t, `"`):
		return schema.TypeSpec{Type: "string"}, nil
	case t == "number":
		return schema.TypeSpec{Type: "number"}, nil
	case t == "boolean":
		return schema.TypeSpec{Type: "boolean"}, nil
	case t == "any":
		return schema.TypeSpec{Ref: "pulumi.json#/Any"}, nil
	case strings.HasPrefix(t, "inputs.") || strings.HasPrefix(t, "outputs."):
		token, err := p.objectType(t)
		if err != nil {
			return schema.TypeSpec{}, err
		}
		return schema.TypeSpec{Ref: "#/types/" + token}, nil
	}
	return schema.TypeSpec{}, fmt.Errorf("unsupported type %s", t)
}

// objectType registers the object type inputs.<mod>.<Name> or outputs.<mod>.<Name> (or
// outputs.<Name> in the index module) under alicloud:<mod>/<name>:<Name>, where <name> is
// <Name> with a lower-case first letter for function result types (as in alicloud's schema).
// A type used as an input and an output has one schema type with the properties of both.
func (p *Package) objectType(ref string) (string, error) {
	parts := strings.Split(ref, ".")
	side, mod, name := parts[0], "index", parts[len(parts)-1]
	if len(parts) == 3 {
		mod = parts[1]
	}
	fileName := name
	if strings.HasPrefix(name, "Get") {
		fileName = strings.ToLower(name[:1]) + name[1:]
		name = fileName
	}
	token := "alicloud:" + mod + "/" + fileName + ":" + name
	if p.merged[token+" "+side] {
		return token, nil
	}
	existing, seen := p.types[token]
	text, err := p.read(filepath.Join("types", strings.TrimSuffix(side, "s")+".d.ts"))
	if err != nil {
		return "", err
	}
	scope := text
	if mod != "index" {
		if scope, err = body(text, "export declare namespace "+mod); err != nil {
			return "", fmt.Errorf("%s: %w", ref, err)
		}
	}
	decl, err := body(scope, "interface "+parts[len(parts)-1])
	if err != nil {
		return "", fmt.Errorf("%s: %w", ref, err)
	}
	// Mark the type as in progress first: object types may refer to themselves.
	p.merged[token+" "+side] = true
	spec := existing
	spec.Type = "object"
	if spec.Properties == nil {
		spec.Properties = map[string]schema.PropertySpec{}
	}
	p.types[token] = spec
	props, required, err := p.properties(decl, false)
	if err != nil {
		return "", fmt.Errorf("%s: %w", ref, err)
	}
	for k, v := range props {
		spec.Properties[k] = v
	}
	if !seen || side == "inputs" {
		spec.Required = required
	}
	p.types[token] = spec
	return token, nil
}

// read returns a file of the package, cached.
func (p *Package) read(rel string) (string, error) {
	if text, ok := p.files[rel]; ok {
		return text, nil
	}
	data, err := os.ReadFile(filepath.Join(p.dir, rel))
	if err != nil {
		return "", fmt.Errorf("@pulumi/alicloud: %w", err)
	}
	text := stripComments(string(data))
	p.files[rel] = text
	return text, nil
}

// declFile is the declaration file of a module member: index members live at the top.
func declFile(mod, file string) string {
	if mod == "index" {
		return file + ".d.ts"
	}
	return filepath.Join(mod, file+".d.ts")
}

// splitToken splits alicloud:<mod>/<file>:<name>.
func splitToken(token string) (mod, file, name string, err error) {
	parts := strings.Split(token, ":")
	if len(parts) != 3 || parts[0] != "alicloud" || !strings.Contains(parts[1], "/") {
		return "", "", "", fmt.Errorf("%q is not an alicloud token alicloud:<module>/<member>:<Name>", token)
	}
	mod, file, _ = strings.Cut(parts[1], "/")
	return mod, file, parts[2], nil
}

var commentRE = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)

func stripComments(s string) string { return commentRE.ReplaceAllString(s, "") }

// body returns the text between the braces that follow the first occurrence of head
// (followed by a space or a brace).
func body(text, head string) (string, error) {
	for from := 0; ; {
		i := strings.Index(text[from:], head)
		if i < 0 {
			return "", fmt.Errorf("declaration %q not found", head)
		}
		i += from + len(head)
		rest := text[i:]
		if trimmed := strings.TrimLeft(rest, " "); !strings.HasPrefix(trimmed, "{") && !strings.HasPrefix(trimmed, "extends") {
			from = i
			continue
		}
		open := strings.IndexByte(rest, '{')
		depth := 0
		for j := open; j < len(rest); j++ {
			switch rest[j] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return rest[open+1 : j], nil
				}
			}
		}
		return "", fmt.Errorf("declaration %q has no end", head)
	}
}

// members splits a body at the semicolons and newlines outside brackets.
func members(text string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if m := strings.Join(strings.Fields(text[start:end]), " "); m != "" {
			out = append(out, m)
		}
		start = end + 1
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '{', '<', '(', '[':
			depth++
		case '}', '>', ')', ']':
			depth--
		case ';':
			if depth == 0 {
				flush(i)
			}
		}
	}
	flush(len(text))
	return out
}

// unwrap removes pulumi.Input<…> and pulumi.Output<…> around a type.
func unwrap(t string) string {
	t = strings.TrimSpace(t)
	for _, w := range []string{"pulumi.Input<", "pulumi.Output<"} {
		if strings.HasPrefix(t, w) && strings.HasSuffix(t, ">") && closes(t, len(w)-1) == len(t)-1 {
			return unwrap(t[len(w) : len(t)-1])
		}
	}
	return t
}

// closes returns the index of the bracket that closes the one at open.
func closes(t string, open int) int {
	depth := 0
	for i := open; i < len(t); i++ {
		switch t[i] {
		case '<', '{', '(', '[':
			depth++
		case '>', '}', ')', ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits t at sep outside brackets, trimming the parts.
func splitTop(t string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '<', '{', '(', '[':
			depth++
		case '>', '}', ')', ']':
			depth--
		case sep:
			if depth == 0 {
				out = append(out, strings.TrimSpace(t[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(t[start:]))
}

// admitsUndefined reports whether a union type includes undefined.
func admitsUndefined(t string) bool { return slices.Contains(splitTop(t, '|'), "undefined") }

// Build reads the package in dir, checks that it is version, and returns the indented JSON
// schema of the given resources and functions (see Package.Schema).
func Build(dir, version string, resources, functions []string) ([]byte, error) {
	p, err := Open(dir)
	if err != nil {
		return nil, err
	}
	if got, err := p.Version(); err != nil {
		return nil, err
	} else if got != version {
		return nil, fmt.Errorf("%s holds @pulumi/alicloud %s, not %s: run `make deps`", dir, got, version)
	}
	spec, err := p.Schema(version, resources, functions)
	if err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
