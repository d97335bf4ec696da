package guestnet

import (
	"bytes"

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

// renderCloudConfig builds the #cloud-config document installing script.
func renderCloudConfig(script string) (string, error) {
	doc := cloudConfigDoc{
		MergeHow: mergeHow,
		WriteFiles: []writeFile{
			{Path: ProgramPath, Owner: "root:root", Permissions: "0755", Content: script},
			{Path: servicePath, Owner: "root:root", Permissions: "0644", Content: serviceUnit},
			{Path: timerPath, Owner: "root:root", Permissions: "0644", Content: timerUnit},
			{Path: udevRulePath, Owner: "root:root", Permissions: "0644", Content: udevRule},
			{Path: dispatcherPath, Owner: "root:root", Permissions: "0755", Content: dispatcherHook},
		},
		Runcmd: [][]string{
			{"systemctl", "daemon-reload"},
			{"udevadm", "control", "--reload-rules"},
			{"systemctl", "enable", ServiceName, TimerName},
			{"systemctl", "start", "--no-block", TimerName},
			{ProgramPath},
		},
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
