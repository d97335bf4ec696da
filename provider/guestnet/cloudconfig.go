package guestnet

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// cloudConfigDoc is the #cloud-config document; field order is output order.
type cloudConfigDoc struct {
	MergeHow   []mergeRule `yaml:"merge_how"`
	WriteFiles []writeFile `yaml:"write_files"`
	Runcmd     [][]string  `yaml:"runcmd"`
}

type mergeRule struct {
	Name     string   `yaml:"name"`
	Settings []string `yaml:"settings"`
}

type writeFile struct {
	Path        string `yaml:"path"`
	Owner       string `yaml:"owner"`
	Permissions string `yaml:"permissions"`
	Content     string `yaml:"content"`
}

// mergeHow appends lists (write_files, runcmd) and keeps keys already set,
// so the user's parts and this one all survive.
var mergeHow = []mergeRule{
	{Name: "list", Settings: []string{"append"}},
	{Name: "dict", Settings: []string{"no_replace", "recurse_list"}},
}

// mergeTypeHeader is mergeHow in the MIME Merge-Type header syntax.
const mergeTypeHeader = "list(append)+dict(no_replace,recurse_list)+str()"

// renderCloudConfig builds the #cloud-config document installing files and
// running the install commands.
func renderCloudConfig(files []File) (string, error) {
	doc := cloudConfigDoc{MergeHow: mergeHow, Runcmd: installCommands()}
	for _, f := range files {
		doc.WriteFiles = append(doc.WriteFiles, writeFile{Path: f.Path, Owner: "root:root", Permissions: fmt.Sprintf("%04o", f.Mode.Perm()), Content: f.Content})
	}
	return encodeYAML("#cloud-config\n", doc)
}

// encodeYAML renders v as YAML with two-space indentation after header.
func encodeYAML(header string, v any) (string, error) {
	var b bytes.Buffer
	b.WriteString(header)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}
