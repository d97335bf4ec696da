package guestnet

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestRenderTablesGatewaysAndCommands(t *testing.T) {
	tests := []struct {
		name        string
		cfg         Config
		script      []string // lines the program must hold
		verify      []string
		netplan     bool
		notInScript []string
	}{
		{
			name:    "metadata default discovers every secondary ENI",
			cfg:     Config{},
			script:  []string{"MODE=metadata", "METADATA_URL='http://100.100.100.200/latest/meta-data'", "TABLE_BASE=7100", "USE_PRIMARY=0", "LISTED=''", "SUPPRESS_PRIORITY=7100"},
			verify:  []string{"ip rule list", `for t in $(seq 7101 7163); do ip route list table "$t" 2>/dev/null; ip -6 route list table "$t" 2>/dev/null; done`},
			netplan: false,
		},
		{
			name:        "metadata listed ENIs take tables in list order",
			cfg:         Config{TableBase: 8000, MetadataURL: "http://10.0.0.1:8080/latest/meta-data", Interfaces: []Interface{{MAC: "00:16:3E:00:00:0A"}, {MAC: "00:16:3e:00:00:0b", Table: 1001}}},
			script:      []string{"LISTED='00:16:3e:00:00:0a 8001 00:16:3e:00:00:0b 1001'", "METADATA_URL='http://10.0.0.1:8080/latest/meta-data'", "SUPPRESS_PRIORITY=1000", "SUBNET_PRIORITY=999"},
			verify:      []string{"ip route list table 8001", "ip route list table 1001"},
			notInScript: []string{"eni secondary"},
		},
		{
			name: "static gateway defaults to the third-to-last address",
			cfg: Config{Mode: ModeStatic, MTU: 8500, Interfaces: []Interface{
				{MAC: "00:16:3e:00:00:02", CIDR: "192.168.0.0/24", PrimaryIP: "192.168.0.252", SecondaryIPs: []string{"192.168.0.1"}},
				{MAC: "00:16:3e:00:00:03", CIDR: "203.0.113.8/29", PrimaryIP: "203.0.113.10",
					ExtraAddresses: []ExtraAddress{{Address: "47.0.0.10", PrefixLength: 24, Gateway: "47.0.0.1"}, {Address: "47.0.1.10", PrefixLength: 26, Gateway: "47.0.1.1"}}},
			}},
			script: []string{
				"eni secondary 00:16:3e:00:00:02 7101 192.168.0.0/24 192.168.0.253 192.168.0.252 192.168.0.1 - - -",
				"eni secondary 00:16:3e:00:00:03 7102 203.0.113.8/29 203.0.113.13 203.0.113.10 - - - -",
				"extra 00:16:3e:00:00:03 7200 47.0.0.10 24 47.0.0.0/24 47.0.0.1",
				"extra 00:16:3e:00:00:03 7201 47.0.1.10 26 47.0.1.0/26 47.0.1.1",
				"MTU=8500",
			},
			verify:  []string{"curl --interface 192.168.0.252 ifconfig.me", "curl --interface 192.168.0.1 ifconfig.me", "curl --interface 47.0.1.10 ifconfig.me", "ip rule list", "ip route list table 7101", "ip route list table 7102", "ip route list table 7200", "ip route list table 7201"},
			netplan: true,
		},
		{
			name: "static primary ENI manages only its secondaries",
			cfg: Config{Mode: ModeStatic, UsePrimaryEni: true, Interfaces: []Interface{
				{MAC: "00:16:3e:00:00:01", Primary: true, CIDR: "192.168.0.0/24", SecondaryIPs: []string{"192.168.0.7"}},
			}},
			script:  []string{"PRIMARY_MAC='00:16:3e:00:00:01'", "USE_PRIMARY=1", "eni primary 00:16:3e:00:00:01 7100 192.168.0.0/24 192.168.0.253 - 192.168.0.7 - - -", "SUPPRESS_PRIORITY=7099"},
			verify:  []string{"curl --interface 192.168.0.7 ifconfig.me", "ip route list table 7100"},
			netplan: false, // the primary ENI stays with the image's own netplan file
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Render(tt.cfg)
			require.NoError(t, err)
			lines := strings.Split(r.Script, "\n")
			for _, want := range tt.script {
				assert.Contains(t, lines, want)
			}
			for _, not := range tt.notInScript {
				assert.NotContains(t, r.Script, not)
			}
			for _, want := range tt.verify {
				assert.Contains(t, r.VerifyCommands, want)
			}
			assert.Equal(t, tt.netplan, r.Netplan != "", "netplan output")
			assert.True(t, strings.HasPrefix(r.CloudConfig, "#cloud-config\n"))
			assert.Equal(t, r.CloudConfig, r.UserData, "without user data, UserData is the cloud-config alone")
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	for _, s := range sampleConfigs {
		first, err := Render(s.cfg)
		require.NoError(t, err)
		for i := 0; i < 20; i++ {
			again, err := Render(s.cfg)
			require.NoError(t, err)
			require.Equal(t, first, again, s.name)
		}
	}
}

func TestCloudConfigInstallsProgramUnitsUdevAndHook(t *testing.T) {
	r, err := Render(Config{})
	require.NoError(t, err)
	for _, want := range []string{
		"  - path: " + ProgramPath + "\n    owner: root:root\n    permissions: \"0755\"\n    content: |\n      #!/bin/sh\n",
		"  - path: " + servicePath, "  - path: " + timerPath, "  - path: " + udevRulePath, "  - path: " + dispatcherPath,
		"  - path: " + ifupPath, "  - path: " + networkdPath, "ManageForeignRoutingPolicyRules=no\n", "ManageForeignRoutes=no\n",
		"up | dhcp4-change | dhcp6-change | reapply)", "Before=network-online.target", "OnUnitActiveSec=1min",
		`RUN+="/bin/sh -c 'PATH=/usr/bin:/bin:/usr/sbin:/sbin systemctl --no-block start eipkit-guestnet.service'"`,
		"runcmd:\n  - - systemctl\n    - daemon-reload\n",
		"  - - systemctl\n    - enable\n    - eipkit-guestnet.service\n    - eipkit-guestnet.timer\n",
		"  - - " + ProgramPath + "\n",
	} {
		assert.Contains(t, r.CloudConfig, want)
	}
	assert.NotContains(t, udevRule+dispatcherHook+ifupHook, "systemctl start", "udev, NetworkManager and ifupdown hooks must never block")
}

func TestFilesAreWhatCloudConfigInstalls(t *testing.T) {
	for _, sc := range sampleConfigs {
		r, err := Render(sc.cfg)
		require.NoError(t, err)
		var doc cloudConfigDoc
		require.NoError(t, yaml.Unmarshal([]byte(r.CloudConfig), &doc))
		require.Len(t, r.Files, len(doc.WriteFiles), sc.name)
		for i, f := range r.Files {
			w := doc.WriteFiles[i]
			assert.Equal(t, f.Path, w.Path)
			assert.Equal(t, fmt.Sprintf("%04o", f.Mode), w.Permissions, f.Path)
			assert.Equal(t, f.Content, w.Content, f.Path)
		}
		assert.Equal(t, ProgramPath, r.Files[0].Path)
		assert.Equal(t, r.Script, r.Files[0].Content)
	}
}

func TestUserDataIsMultipartWithMergeRules(t *testing.T) {
	r, err := Render(Config{UserData: "#cloud-config\nruncmd:\n  - [echo, hi]\n"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(r.UserData, "Content-Type: multipart/mixed; boundary=\"eipkit-"))
	assert.Equal(t, 2, strings.Count(r.UserData, "Merge-Type: list(append)+dict(no_replace,recurse_list)+str()\r\n"))
	assert.Contains(t, r.UserData, "Content-Type: text/cloud-config; charset=\"utf-8\"\r\nMerge-Type")
	assert.Contains(t, r.CloudConfig, "merge_how:\n  - name: list\n    settings:\n      - append\n")

	r, err = Render(Config{UserData: "#cloud-config\nbootcmd:\n  - echo ünïcode\n"})
	require.NoError(t, err)
	assert.Contains(t, r.UserData, "Content-Transfer-Encoding: base64")
}
