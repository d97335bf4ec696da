package provider

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// Cloud Assistant takes at most 18 KB of Base64 per command (CreateCommand's CommandContent),
// less than the guest installation, so the installation goes compressed in a fixed number of
// parts: each part's command stores its piece on the instance, and the last one waits for
// every piece, checks the whole against its SHA-256, and runs it.
const (
	// cloudAssistantParts is how many commands carry one installation; fixed, because the
	// number of resources must be known before the installation is.
	cloudAssistantParts = 4
	// maxCommandContent is the longest CommandContent (Base64) of one command: 18 KB.
	maxCommandContent = 18 << 10
	// deliveryDir is where the parts wait on the instance; EIPKIT_DELIVERY_DIR overrides it.
	deliveryDir = "/var/lib/eipkit-guestnet/delivery"
)

// cloudAssistantPart is one command of a delivery: its name (which carries the installation's
// hash, so a changed installation makes new commands and invocations, and an unchanged one is
// not run again) and its Base64 content.
type cloudAssistantPart struct {
	Name, Content string
}

// cloudAssistantDelivery splits the installer into cloudAssistantParts commands of component.
func cloudAssistantDelivery(component, installer string) ([]cloudAssistantPart, error) {
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte(installer)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	payload := base64.StdEncoding.EncodeToString(gz.Bytes())
	sum := sha256.Sum256([]byte(installer))
	hash := hex.EncodeToString(sum[:])
	size := (len(payload) + cloudAssistantParts - 1) / cloudAssistantParts
	parts := make([]cloudAssistantPart, cloudAssistantParts)
	for k := range parts {
		piece := payload[min(k*size, len(payload)):min((k+1)*size, len(payload))]
		var b strings.Builder
		fmt.Fprintf(&b, `#!/bin/sh
# eipkit guest network installation %s, part %d of %d.
set -eu
d=${EIPKIT_DELIVERY_DIR:-%s}
h=%s
mkdir -p "$d"
printf '%%s' '%s' >"$d/$h.%d.tmp"
mv -f "$d/$h.%d.tmp" "$d/$h.%d"
`, hash[:10], k+1, cloudAssistantParts, deliveryDir, hash[:16], piece, k, k, k)
		if k == cloudAssistantParts-1 {
			fmt.Fprintf(&b, `for k in $(seq 0 %d); do
	i=0
	while [ ! -f "$d/$h.$k" ]; do
		i=$((i + 1))
		if [ "$i" -gt 300 ]; then
			echo "eipkit: part $((k + 1)) of the guest installation has not arrived" >&2
			exit 1
		fi
		sleep 1
	done
done
for k in $(seq 0 %d); do cat "$d/$h.$k"; done | base64 -d | gzip -dc >"$d/$h.sh"
echo "%s  $d/$h.sh" | sha256sum -c - >/dev/null
rc=0
sh "$d/$h.sh" || rc=$?
rm -f "$d/$h".*
exit "$rc"
`, cloudAssistantParts-1, cloudAssistantParts-1, hash)
		}
		content := base64.StdEncoding.EncodeToString([]byte(b.String()))
		if len(content) > maxCommandContent {
			return nil, fmt.Errorf("deliverWithCloudAssistant: part %d of the guest installation is %d bytes of Base64, over "+
				"Cloud Assistant's %d per command (CreateCommand); use guest.mode metadata, which renders less, or "+
				"apply the userData or installer output another way", k+1, len(content), maxCommandContent)
		}
		parts[k] = cloudAssistantPart{Name: fmt.Sprintf("%s-guestnet-%s-%d", component, hash[:10], k+1), Content: content}
	}
	return parts, nil
}

// deliverInstaller registers the Cloud Assistant commands and invocations of an installation:
// the part commands <name>-guest-part-<k>, and the last one <name>-guest-command, whose
// invocation waits for the others'.
func deliverInstaller(ctx *pulumi.Context, name string, comp pulumi.Resource, installer pulumi.StringOutput,
	instanceID pulumi.StringInput) error {
	parts := installer.ApplyT(func(s string) ([]cloudAssistantPart, error) { return cloudAssistantDelivery(name, s) })
	var before []pulumi.Resource
	for k := range cloudAssistantParts {
		field := func(f func(cloudAssistantPart) string) pulumi.StringOutput {
			return parts.ApplyT(func(p any) string { return f(p.([]cloudAssistantPart)[k]) }).(pulumi.StringOutput)
		}
		cmdName, invName := fmt.Sprintf("%s-guest-part-%d", name, k+1), fmt.Sprintf("%s-guest-part-%d-invocation", name, k+1)
		if k == cloudAssistantParts-1 {
			cmdName, invName = name+"-guest-command", name+"-guest-invocation"
		}
		cmd, err := alicloud.NewCommand(ctx, cmdName, &alicloud.CommandArgs{
			Name:           field(func(p cloudAssistantPart) string { return p.Name }),
			CommandContent: field(func(p cloudAssistantPart) string { return p.Content }),
			Type:           pulumi.String("RunShellScript"), Timeout: pulumi.Int(600),
			Description: pulumi.Sprintf("eipkit guest network configuration of %s, part %d of %d", name, k+1, cloudAssistantParts),
		}, pulumi.Parent(comp))
		if err != nil {
			return err
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(comp)}
		if k == cloudAssistantParts-1 {
			opts = append(opts, pulumi.DependsOn(before))
		}
		inv, err := alicloud.NewInvocation(ctx, invName, &alicloud.InvocationArgs{
			CommandId: cmd.ID().ToStringOutput(), InstanceIds: pulumi.StringArray{instanceID},
		}, opts...)
		if err != nil {
			return err
		}
		before = append(before, inv)
	}
	return nil
}
