package e2e

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// siteOnly is a program with the site alone: the component is removed.
func siteOnly(site harness.SiteArgs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := harness.NewSite(ctx, "site", site)
		return err
	}
}

func TestVisibleEipProtectEip(t *testing.T) {
	t.Parallel()
	site := harness.SiteArgs{InstanceType: "ecs.c6.large"}
	program := func(protect bool, isp string) pulumi.RunFunc {
		return visibleProgram(site, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
			a.ProtectEip = ptr(protect)
			a.Isp = pulumi.String(isp)
		})
	}
	s := newStack(t, program(true, "BGP"))
	first := s.up()
	id := first.Output("allocationId").(string)

	// A change of ISP would replace the EIP: the plan fails, in preview and in up.
	s.SetProgram(program(true, "BGP_PRO"))
	_, err := s.previewErr()
	require.Error(t, err, "preview of a plan that replaces a protected EIP must fail")
	assert.Contains(t, err.Error(), "protect")
	_, err = s.upErr()
	require.Error(t, err, "up of a plan that replaces a protected EIP must fail")
	assert.Contains(t, err.Error(), "protect")
	eip := s.cloud().Resources[id]
	require.NotNil(t, eip, "the protected EIP is still there")
	assert.Equal(t, first.Output("eipAddress"), harness.Attr(eip, "ipAddress"))
	assert.Equal(t, "BGP", harness.Attr(eip, "isp"))

	// Removing the component would delete it: the plan fails too.
	s.SetProgram(siteOnly(site))
	_, err = s.previewErr()
	require.Error(t, err, "preview of a plan that deletes a protected EIP must fail")
	assert.Contains(t, err.Error(), "protect")
	require.NotNil(t, s.cloud().Resources[id])

	// Turned off, the stack goes away as usual.
	s.SetProgram(program(false, "BGP"))
	s.up()
	s.requireDestroyed()
}

func TestMultiEipProtectEips(t *testing.T) {
	t.Parallel()
	program := func(protect bool, names ...string) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.ProtectEips = ptr(protect)
			a.Eips = entries(names...)
		})
	}
	s := newStack(t, program(true, "web", "mail", "api"))
	first := s.up()

	s.SetProgram(program(true, "web", "api"))
	_, err := s.previewErr()
	require.Error(t, err, "removing an entry deletes a protected EIP: the plan must fail")
	assert.Contains(t, err.Error(), "protect")
	_, err = s.upErr()
	require.Error(t, err)
	st := s.cloud()
	for _, e := range multiEips(t, first) {
		require.NotNil(t, st.Resources[e.AllocationId], "EIP %s is kept", e.Name)
	}

	s.SetProgram(program(false, "web", "mail", "api"))
	s.up()
	s.requireDestroyed()
}

func TestVisibleEipRetainEipOnDelete(t *testing.T) {
	t.Parallel()
	s := newStack(t, visibleProgram(harness.SiteArgs{InstanceType: "ecs.c6.large"}, func(_ *harness.Site, a *alicloudeip.VisibleEipArgs) {
		a.RetainEipOnDelete = ptr(true)
	}))
	up := s.up()
	id := up.Output("allocationId").(string)
	s.requireDestroyed(id)
	eip := s.cloud().Resources[id]
	require.NotNil(t, eip, "the retained EIP survives destroy")
	assert.Equal(t, up.Output("eipAddress"), harness.Attr(eip, "ipAddress"))
	assert.Empty(t, harness.OfType(s.cloud(), emulator.TokenEipAssociation), "the retained EIP is no longer associated")
}

func TestMultiEipRetainEipsOnDelete(t *testing.T) {
	t.Parallel()
	program := func(names ...string) pulumi.RunFunc {
		return multiProgram(harness.SiteArgs{InstanceType: "ecs.c6.xlarge"}, func(_ *harness.Site, a *alicloudeip.MultiEipInstanceArgs) {
			a.RetainEipsOnDelete = ptr(true)
			a.Eips = entries(names...)
		})
	}
	s := newStack(t, program("web", "mail", "api"))
	first := s.up()
	ids := map[string]string{}
	for _, e := range multiEips(t, first) {
		ids[e.Name] = e.AllocationId
	}

	// A removed entry's EIP stays in the cloud.
	s.SetProgram(program("web", "api"))
	up := s.up()
	requireMultiMatchesCloud(t, up, s.cloud(), "NAT", "web", "api")
	require.NotNil(t, s.cloud().Resources[ids["mail"]], "the removed entry's EIP is retained")

	s.requireDestroyed(ids["web"], ids["mail"], ids["api"])
	assert.Len(t, harness.OfType(s.cloud(), emulator.TokenEip), 3, "every EIP is retained")
}
