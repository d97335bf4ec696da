package provider

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// installedProgram returns the guest program a #cloud-config document installs.
func installedProgram(t *testing.T, cloudConfig string) string {
	t.Helper()
	var doc struct {
		WriteFiles []struct{ Path, Content string } `yaml:"write_files"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(cloudConfig), &doc))
	for _, f := range doc.WriteFiles {
		if f.Path == guestnet.ProgramPath {
			return f.Content
		}
	}
	t.Fatalf("the cloud-config installs no %s", guestnet.ProgramPath)
	return ""
}

func multiEipToEniArgs(eips int) MultiEipInstanceArgs {
	args := newMultiArgs("ecs.g5.large")
	args.Mode, args.PrivateIpRange, args.Region = MultiModeMultiEipToEni, "", pulumi.String("cn-shanghai")
	for i := range eips {
		args.Eips = append(args.Eips, MultiEipEntry{Name: fmt.Sprintf("v%d", i),
			Gateway: pulumi.String("118.31.0.1"), PrefixLength: pulumi.Int(16)})
	}
	return args
}

// TestMultiEipToEniFirstBootCarriesTheEips checks that a created instance's first-boot user
// data in multiEipToEni mode holds every EIP with its gateway and prefix length on its ENI: the
// metadata does not list them, so a program without them would never configure them.
func TestMultiEipToEniFirstBootCarriesTheEips(t *testing.T) {
	args := multiEipToEniArgs(12)
	args.Instance.UserData = nil
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	userData := m.byName(t, "svc-instance").Inputs["userData"].StringValue()
	program := installedProgram(t, userData)
	eips, _ := c.get("eips")
	require.Len(t, eips, 12)
	for _, e := range eips.([]MultiEipAddress) {
		assert.Contains(t, program, e.PublicIp, "EIP %s reaches the first boot", e.Name)
	}
	assert.Contains(t, program, "118.31.0.1", "with its gateway")
	assert.Contains(t, program, "118.31.0.0/16", "and its network")
	for _, eni := range m.byToken(alicloud.NetworkInterfaceToken) {
		assert.Contains(t, program, m.output(eni.Name, "mac"), "each ENI is listed by MAC")
	}
	script, _ := c.get("script")
	assert.Equal(t, script, program, "the first boot installs the program the script output (and Cloud Assistant) runs")
}

// TestMultiEipToEniCloudAssistantAgreesWithFirstBoot delivers with Cloud Assistant to a created
// instance: the delivered program and the installed one want the same EIPs, so the timer of
// the first boot does not remove what the delivery added.
func TestMultiEipToEniCloudAssistantAgreesWithFirstBoot(t *testing.T) {
	args := multiEipToEniArgs(3)
	args.DeliverWithCloudAssistant = true
	args.Instance.UserData = nil
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	script, _ := c.get("script")
	installer := deliveredInstaller(t, m)
	assert.Contains(t, installer, script.(string), "Cloud Assistant installs the program of the script output")
	for _, path := range []string{guestnet.ProgramPath, "/etc/systemd/system/" + guestnet.ServiceName,
		"/etc/systemd/system/" + guestnet.TimerName, "/etc/udev/rules.d/90-eipkit-guestnet.rules"} {
		assert.Contains(t, installer, "install_file '"+path+"'", "with the persistent set of the cloud-config")
	}
	firstBoot := installedProgram(t, m.byName(t, "svc-instance").Inputs["userData"].StringValue())
	assert.Equal(t, firstBoot, script)
}

// TestCloudAssistantRedeliversOnlyAChangedInstallation: an unchanged configuration keeps the
// command (no new invocation); the user's own user data is not part of the delivery.
func TestCloudAssistantRedeliversOnlyAChangedInstallation(t *testing.T) {
	run := func(userData string) string {
		args := multiEipToEniArgs(2)
		args.DeliverWithCloudAssistant = true
		args.Instance.UserData = pulumi.String(userData)
		m := newMockCloud()
		_, err := m.runMulti(args)
		require.NoError(t, err)
		return m.byName(t, "svc-guest-command").Inputs["name"].StringValue()
	}
	assert.Equal(t, run("#cloud-config\npackages: [nginx]\n"), run("#cloud-config\npackages: [nginx, redis]\n"))
}

// TestNatFirstBootNamesNoEni keeps nat mode's first boot free of ENIs and addresses: it must
// not change (and reboot the instance) when EIPs are added.
func TestNatFirstBootNamesNoEni(t *testing.T) {
	args := newMultiArgs("ecs.c6.large", "web", "mail")
	args.Instance.UserData = nil
	m := newMockCloud()
	_, err := m.runMulti(args)
	require.NoError(t, err)
	program := installedProgram(t, m.byName(t, "svc-instance").Inputs["userData"].StringValue())
	for _, eni := range m.byToken(alicloud.NetworkInterfaceToken) {
		assert.NotContains(t, program, m.output(eni.Name, "mac"))
	}
}
