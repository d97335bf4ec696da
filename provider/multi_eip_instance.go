package provider

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// MultiEipInstanceArgs are the inputs of a MultiEipInstance.
type MultiEipInstanceArgs struct {
	InstanceId       pulumi.StringInput   `pulumi:"instanceId,optional"`
	VpcId            pulumi.StringInput   `pulumi:"vpcId,optional"`
	ZoneId           pulumi.StringInput   `pulumi:"zoneId,optional"`
	InstanceType     string               `pulumi:"instanceType,optional"`
	Instance         *MultiEipNewInstance `pulumi:"instance,optional"`
	VswitchId        pulumi.StringInput   `pulumi:"vswitchId,optional"`
	VswitchCidrBlock string               `pulumi:"vswitchCidrBlock,optional"`
	SecurityGroupIds []pulumi.StringInput `pulumi:"securityGroupIds,optional"`
	Region           pulumi.StringInput   `pulumi:"region,optional"`

	Eips             []MultiEipEntry `pulumi:"eips,optional"`
	EipCount         int             `pulumi:"eipCount,optional"`
	Mode             string          `pulumi:"mode,optional"`
	UsePrimaryEni    bool            `pulumi:"usePrimaryEni,optional"`
	PrivateIpRange   string          `pulumi:"privateIpRange,optional"`
	MaxEnis          int             `pulumi:"maxEnis,optional"`
	PrivateIpsPerEni int             `pulumi:"privateIpsPerEni,optional"`

	Bandwidth          pulumi.StringInput            `pulumi:"bandwidth,optional"`
	InternetChargeType pulumi.StringInput            `pulumi:"internetChargeType,optional"`
	PaymentType        pulumi.StringInput            `pulumi:"paymentType,optional"`
	Period             pulumi.IntInput               `pulumi:"period,optional"`
	PricingCycle       pulumi.StringInput            `pulumi:"pricingCycle,optional"`
	Tags               map[string]pulumi.StringInput `pulumi:"tags,optional"`
	ProtectEips        bool                          `pulumi:"protectEips,optional"`
	RetainEipsOnDelete bool                          `pulumi:"retainEipsOnDelete,optional"`

	Guest                     *GuestOptions `pulumi:"guest,optional"`
	DeliverWithCloudAssistant bool          `pulumi:"deliverWithCloudAssistant,optional"`
}

const plainNote = "Plain (must be known at preview: it decides which resources exist or where each EIP lives). "

// Annotate describes the inputs.
func (a *MultiEipInstanceArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.InstanceId, "Existing instance: its ID. Give either instanceId or instance. Changing it moves "+
		"the ENIs to another instance: only their attachments are replaced.")
	an.Describe(&a.VpcId, "Existing instance: ID of its VPC (documentation of intent; the ENIs' VPC is the one of vswitchId).")
	an.Describe(&a.ZoneId, "Existing instance: its zone. When it and the zone of vswitchId are both known at "+
		"preview, they must match (an ENI and its instance are in one zone).")
	an.Describe(&a.InstanceType, plainNote+"Existing instance: its instance type, when known. The ENI and private "+
		"IP quota then come from getInstanceTypes (eniQuantity, eniPrivateIpAddressQuantity); a type that cannot "+
		"hot-plug ENIs gets a warning (stop the instance before the ENIs are attached); multiEipToEni mode checks "+
		"its family. Without it give maxEnis and privateIpsPerEni.")
	an.Describe(&a.Instance, plainNote+"Create the instance: its presence is the existing-or-new choice. Its user "+
		"data carries the guest configuration in metadata mode, which in nat mode names no address, so it does not "+
		"change when EIPs change (a changed user data reboots the instance); in multiEipToEni mode, whose EIPs the "+
		"metadata does not list, it carries each ENI's EIPs with their gateways and prefix lengths. Secondary ENI 0 is attached at creation "+
		"(networkInterfaces), so a type that cannot hot-plug ENIs works with that one ENI; needing more is refused.")
	an.Describe(&a.VswitchId, "vSwitch of the new ENIs; default instance.vswitchId. When known at preview, its "+
		"CIDR block and zone are looked up (getSwitches).")
	an.Describe(&a.VswitchCidrBlock, plainNote+"CIDR block of vswitchId; needed when vswitchId is not known at "+
		"preview. Pinned private IPs and privateIpRange must lie in it, outside its reserved addresses.")
	an.Describe(&a.SecurityGroupIds, "Security groups of the new ENIs; default instance.securityGroupIds. Give "+
		"them least privilege: only the ports and sources the services behind these EIPs need.")
	an.Describe(&a.Region, "Region ID, e.g. cn-shanghai; default the alicloud:region config. multiEipToEni mode is "+
		"checked against the regions that offer it; without a region that check is skipped with a warning.")
	an.Describe(&a.Eips, plainNote+"The EIPs, by name. A name, never a position, identifies an EIP: its "+
		"resources are named <component>-<name>, and its ENI and private IP are held in the component's "+
		"AddressAllocation (<component>-allocation) for as long as it keeps its name, so inserting, removing or "+
		"reordering entries moves no other. A new entry takes the first free slot: the ENIs that exist fill up before "+
		"a new one is opened, lowest free address of privateIpRange first.")
	an.Describe(&a.EipCount, plainNote+"Adds entries named eip-0 to eip-(eipCount-1) after eips; lowering it "+
		"removes the last ones. They are ordinary entries, placed like the named ones.")
	an.Describe(&a.Mode, plainNote+"`nat` (default): each EIP maps to one private IP of an ENI in NAT mode; the "+
		"guest does not see the EIP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'). `multiEipToEni` (MULTI_BINDED): up to 10 EIPs "+
		"per secondary ENI, associated before the ENI is attached, visible in the guest; only the instance "+
		"families and regions Alibaba's documentation lists, and only accounts that already have this mode. An attached ENI's "+
		"EIP set cannot change in this mode: on an existing instance whose ID is known at preview, the component "+
		"looks its ENIs up (getEcsNetworkInterfaces) and refuses at preview to add or remove an EIP on an attached "+
		"one (elsewhere the cloud refuses it); detach it first, or pin the new entry's eni to an ENI index not yet "+
		"in use.")
	an.Describe(&a.UsePrimaryEni, plainNote+"Also place EIPs on the primary ENI, once the secondary ENIs that "+
		"exist are full: its primary private IP (the created instance's privateIp, chosen from privateIpRange when "+
		"the instance is created with it) and its secondary private IPs (secondaryPrivateIps), "+
		"eniPrivateIpAddressQuantity EIPs in all (12 on ecs.c6.large with its secondary ENI). A created instance only, "+
		"in the vSwitch of the instance; nat mode only.")
	an.Describe(&a.PrivateIpRange, plainNote+"A block of the vSwitch reserved for this instance (nat mode): the "+
		"ENIs' primary IPs and the private IPs of entries without privateIp come from it, lowest free usable address "+
		"first, and stay where they were given. Required unless every entry pins privateIp. Narrowing it below an "+
		"address in use is refused at preview, naming the entries.")
	an.Describe(&a.MaxEnis, plainNote+"ENIs per instance, the primary one included: caps the instance type's "+
		"eniQuantity (leave room for ENIs others attach), or replaces it when instanceType is unknown. Raising it "+
		"moves no entry; lowering it below an ENI in use is refused at preview, naming the entries on it.")
	an.Describe(&a.PrivateIpsPerEni, plainNote+"Private IPs per ENI, its primary one included: caps the instance "+
		"type's eniPrivateIpAddressQuantity, or replaces it when instanceType is unknown.")
	an.Describe(&a.Bandwidth, "Default peak bandwidth in Mbit/s of the allocated EIPs (a string, e.g. \"5\"); "+
		"updated in place.")
	an.Describe(&a.InternetChargeType, "Metering of the allocated EIPs: PayByTraffic or PayByBandwidth. Changing it "+
		"replaces the EIPs (new addresses): see protectEips.")
	an.Describe(&a.PaymentType, "Billing of the allocated EIPs: PayAsYouGo (default) or Subscription. It decides "+
		"the configuration fee (public IP retention fee) of an EIP on a secondary ENI: a pay-as-you-go EIP pays it "+
		"even without traffic, a subscription EIP does not (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT "+
		"mode)'). A subscription EIP is paid automatically (autoPay). Changing it replaces the EIPs: see protectEips.")
	an.Describe(&a.Period, "Subscription EIPs: the duration bought, in units of pricingCycle.")
	an.Describe(&a.PricingCycle, "Subscription EIPs: the unit of period, Month or Year.")
	an.Describe(&a.Tags, "Tags of the allocated EIPs, the ENIs and the created instance.")
	an.Describe(&a.ProtectEips, plainNote+"Register the allocated EIPs with Pulumi's protect option: a plan that "+
		"would delete or replace one fails until you turn this off.")
	an.Describe(&a.RetainEipsOnDelete, plainNote+"Keep the allocated EIPs in Alibaba Cloud when they are removed "+
		"from the component or the stack is destroyed.")
	an.Describe(&a.Guest, "Guest configuration options (Linux guests only).")
	an.Describe(&a.DeliverWithCloudAssistant, plainNote+"Install the guest configuration on the instance through "+
		"Cloud Assistant (ecs Command and EcsInvocation) so nobody has to log in: the same files the cloud-config "+
		"installs (the program, its systemd service and timer, the udev rule, the NetworkManager hook), so it "+
		"survives reboots; files already in place are left alone. It goes compressed in four commands (Cloud "+
		"Assistant takes 18 KB per command), the last of which checks and runs the whole. The commands' names carry "+
		"a hash of the installation, so only a changed installation makes new commands and invocations (in static "+
		"guest mode every change of addresses is re-delivered this way).")
}

// MultiEipNewInstance describes the instance a MultiEipInstance creates.
type MultiEipNewInstance struct {
	InstanceType       string               `pulumi:"instanceType"`
	ImageId            pulumi.StringInput   `pulumi:"imageId"`
	VswitchId          pulumi.StringInput   `pulumi:"vswitchId"`
	SecurityGroupIds   []pulumi.StringInput `pulumi:"securityGroupIds"`
	InstanceName       pulumi.StringInput   `pulumi:"instanceName,optional"`
	ZoneId             pulumi.StringInput   `pulumi:"zoneId,optional"`
	KeyName            pulumi.StringInput   `pulumi:"keyName,optional"`
	Password           pulumi.StringInput   `pulumi:"password,optional" provider:"secret"`
	SystemDiskCategory pulumi.StringInput   `pulumi:"systemDiskCategory,optional"`
	SystemDiskSize     pulumi.IntInput      `pulumi:"systemDiskSize,optional"`
	UserData           pulumi.StringInput   `pulumi:"userData,optional"`
}

// Annotate describes the created instance.
func (n *MultiEipNewInstance) Annotate(an infer.Annotator) {
	an.Describe(&n.InstanceType, plainNote+"Instance type, e.g. ecs.c6.large; its ENI and private IP quota come "+
		"from getInstanceTypes.")
	an.Describe(&n.ImageId, "Image of the instance.")
	an.Describe(&n.VswitchId, "vSwitch of the instance (and default vSwitch of the new ENIs).")
	an.Describe(&n.SecurityGroupIds, "Security groups of the instance (and default ones of the new ENIs).")
	an.Describe(&n.InstanceName, "Name of the instance; default the component's name.")
	an.Describe(&n.ZoneId, "Zone of the instance; default the zone of its vSwitch.")
	an.Describe(&n.KeyName, "Key pair to log in with.")
	an.Describe(&n.Password, "Login password (secret).")
	an.Describe(&n.SystemDiskCategory, "System disk category, e.g. cloud_essd.")
	an.Describe(&n.SystemDiskSize, "System disk size in GiB.")
	an.Describe(&n.UserData, "Your own user data, merged with the guest configuration (MIME multipart).")
}

// MultiEipEntry is one EIP of a MultiEipInstance.
type MultiEipEntry struct {
	Name         string             `pulumi:"name"`
	AllocationId pulumi.StringInput `pulumi:"allocationId,optional"`
	Bandwidth    pulumi.StringInput `pulumi:"bandwidth,optional"`
	PrivateIp    string             `pulumi:"privateIp,optional"`
	Eni          *int               `pulumi:"eni,optional"`
	Gateway      pulumi.StringInput `pulumi:"gateway,optional"`
	PrefixLength pulumi.IntInput    `pulumi:"prefixLength,optional"`
}

// Annotate describes an EIP entry.
func (e *MultiEipEntry) Annotate(an infer.Annotator) {
	an.Describe(&e.Name, plainNote+"Unique, stable name of the EIP; it names its resources, and the entry keeps "+
		"its ENI and private IP as long as it keeps its name.")
	an.Describe(&e.AllocationId, "Adopt an existing EIP instead of allocating one (never deleted by the component).")
	an.Describe(&e.Bandwidth, "Peak bandwidth of this allocated EIP in Mbit/s; default bandwidth. Updated in place.")
	an.Describe(&e.PrivateIp, plainNote+"nat mode: pin the private IP this EIP maps to (inside the vSwitch, not "+
		"reserved, not held by another entry). Setting or changing it moves this entry on purpose; default the "+
		"first free address.")
	an.Describe(&e.Eni, plainNote+"Pin the secondary ENI index (0 to maxEnis-2), or -1 for the primary ENI with "+
		"usePrimaryEni; default the first ENI with room.")
	an.Describe(&e.Gateway, "multiEipToEni mode: the EIP's gateway (DescribeEipGatewayInfo); the guest needs it "+
		"and the alicloud provider cannot look it up.")
	an.Describe(&e.PrefixLength, "multiEipToEni mode: the prefix length of the EIP's network (DescribeEipGatewayInfo).")
}

// MultiEipNetworkInterface is one ENI of a MultiEipInstance, as output.
type MultiEipNetworkInterface struct {
	Id          string   `pulumi:"id"`
	Mac         string   `pulumi:"mac"`
	DeviceOrder int      `pulumi:"deviceOrder"`
	PrimaryIp   string   `pulumi:"primaryIp"`
	PrivateIps  []string `pulumi:"privateIps"`
	RouteTable  int      `pulumi:"routeTable"`
}

// Annotate describes an ENI output.
func (m *MultiEipNetworkInterface) Annotate(an infer.Annotator) {
	an.Describe(&m.Id, "The ENI's ID.")
	an.Describe(&m.Mac, "The ENI's MAC address; the guest finds the interface by it.")
	an.Describe(&m.DeviceOrder, "0 for the primary ENI, else the ENI's stable index plus 1.")
	an.Describe(&m.PrimaryIp, "The ENI's primary private IP.")
	an.Describe(&m.PrivateIps, "The ENI's secondary private IPs that carry EIPs, ascending.")
	an.Describe(&m.RouteTable, "The guest route table of the ENI in the script and cloudConfig outputs "+
		"(guest.tableBase plus deviceOrder). In nat mode a created instance's first-boot user data lists no ENI: "+
		"each ENI takes the lowest free table when it first appears and keeps it while it is attached.")
}

// MultiEipAddress is one EIP of a MultiEipInstance, as output.
type MultiEipAddress struct {
	Name               string `pulumi:"name"`
	AllocationId       string `pulumi:"allocationId"`
	PublicIp           string `pulumi:"publicIp"`
	PrivateIp          string `pulumi:"privateIp"`
	NetworkInterfaceId string `pulumi:"networkInterfaceId"`
}

// Annotate describes an EIP output.
func (m *MultiEipAddress) Annotate(an infer.Annotator) {
	an.Describe(&m.Name, "The entry's name.")
	an.Describe(&m.AllocationId, "The EIP's allocation ID.")
	an.Describe(&m.PublicIp, "The public address.")
	an.Describe(&m.PrivateIp, "nat mode: the private IP the EIP maps to; empty in multiEipToEni mode.")
	an.Describe(&m.NetworkInterfaceId, "The ENI the EIP is associated with.")
}

// MultiEipNetworkInterfaceArrayOutput is an output of a list of MultiEipNetworkInterface.
type MultiEipNetworkInterfaceArrayOutput struct{ *pulumi.OutputState }

// ElementType is []MultiEipNetworkInterface.
func (MultiEipNetworkInterfaceArrayOutput) ElementType() reflect.Type {
	return reflect.TypeFor[[]MultiEipNetworkInterface]()
}

// MultiEipAddressArrayOutput is an output of a list of MultiEipAddress.
type MultiEipAddressArrayOutput struct{ *pulumi.OutputState }

// ElementType is []MultiEipAddress.
func (MultiEipAddressArrayOutput) ElementType() reflect.Type {
	return reflect.TypeFor[[]MultiEipAddress]()
}

func init() {
	pulumi.RegisterOutputType(MultiEipNetworkInterfaceArrayOutput{})
	pulumi.RegisterOutputType(MultiEipAddressArrayOutput{})
}

// MultiEipInstance is one ECS instance with many EIPs, each service with its own.
type MultiEipInstance struct {
	pulumi.ResourceState

	InstanceId        pulumi.StringOutput                 `pulumi:"instanceId"`
	NetworkInterfaces MultiEipNetworkInterfaceArrayOutput `pulumi:"networkInterfaces"`
	Eips              MultiEipAddressArrayOutput          `pulumi:"eips"`
	Script            pulumi.StringOutput                 `pulumi:"script"`
	CloudConfig       pulumi.StringOutput                 `pulumi:"cloudConfig"`
	UserData          pulumi.StringOutput                 `pulumi:"userData"`
	Netplan           pulumi.StringOutput                 `pulumi:"netplan"`
	VerifyCommands    pulumi.StringArrayOutput            `pulumi:"verifyCommands"`
}

// Annotate describes the component and its outputs.
func (m *MultiEipInstance) Annotate(a infer.Annotator) {
	a.Describe(m, "One ECS instance with many EIPs, each service with its own public IP (Alibaba Cloud doc 'Bind "+
		"multiple EIPs to an ECS (NAT mode)'): secondary ENIs with several private IPs, one EIP per private IP in NAT mode (or up "+
		"to 10 per ENI in multiEipToEni mode), and the guest policy routing that makes replies leave through the "+
		"right EIP. Each EIP's ENI and private IP are held in a child AddressAllocation, so adding, removing or "+
		"reordering EIPs never moves another.")
	a.Describe(&m.InstanceId, "The instance's ID.")
	a.Describe(&m.NetworkInterfaces, "The ENIs that carry EIPs (the primary ENI first with usePrimaryEni).")
	a.Describe(&m.Eips, "The EIPs, in input order.")
	a.Describe(&m.Script, "The guest program alone (see renderGuestNetwork)."+notInState)
	a.Describe(&m.CloudConfig, "The #cloud-config snippet that installs and runs the guest program."+notInState)
	a.Describe(&m.UserData, "The snippet, merged with instance.userData when given."+notInState)
	a.Describe(&m.Netplan, "Static guest mode: a netplan file for the ENIs.")
	a.Describe(&m.VerifyCommands, "Commands that check the result on the instance.")
}

// NewMultiEipInstance creates a MultiEipInstance, following Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)': the
// EIPs, the secondary ENIs with their private IPs, the associations, the attachments, then the
// guest configuration that routes each private IP's replies through its own ENI.
func NewMultiEipInstance(ctx *pulumi.Context, name string, args MultiEipInstanceArgs,
	opts ...pulumi.ResourceOption) (*MultiEipInstance, error) {
	m := &multiEip{ctx: ctx, name: name, args: args, comp: &MultiEipInstance{}, enis: map[int]*alicloud.NetworkInterface{},
		assocs: map[int][]pulumi.Resource{}, attachments: map[int]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource(typeToken("MultiEipInstance"), name, m.comp, opts...); err != nil {
		return nil, err
	}
	steps := []func() error{
		m.plan,              // 0. What must be known at preview: the quota, the vSwitch, the layout.
		m.newEips,           // 1. The EIPs: allocated (billing and lifecycle options) or adopted.
		m.checkAttached,     // multiEipToEni: an attached ENI keeps exactly its EIPs.
		m.newEnis,           // 2. The secondary ENIs with their planned private IPs.
		m.associateDetached, // 3. multiEipToEni: the associations, before the ENIs are attached.
		m.newInstance,       // 4. A created instance, with ENI 0 attached and the first-boot user data.
		m.attach,            // 5. The attachments of the other ENIs.
		m.associateAttached, // 6. NAT mode: one association per EIP, once its ENI is attached.
		m.renderGuest,       // 7. The guest configuration (and its delivery by Cloud Assistant).
		m.setOutputs,        // 8. The outputs.
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return m.comp, nil
}

// multiEipRes is an EIP of the component: allocated or adopted.
type multiEipRes struct {
	allocationID pulumi.StringOutput
	address      pulumi.StringOutput
}

// multiEipLayout gathers the plain values (the instance type's quota from getInstanceTypes, the
// vSwitch's block and zone from getSwitches when its ID is known) and plans the layout.
func multiEipLayout(ctx *pulumi.Context, comp pulumi.Resource, name string, args *MultiEipInstanceArgs) (multiLayout, string,
	error) {
	if err := checkMultiInputs(args); err != nil {
		return multiLayout{}, "", err
	}
	instanceType, instanceZone, vswitch := multiInstanceOf(args)
	quota, err := lookupQuota(ctx, comp, args, instanceType)
	if err != nil {
		return multiLayout{}, "", err
	}
	vswCidr, err := lookupVswitchCidr(ctx, comp, args, vswitch, instanceZone)
	if err != nil {
		return multiLayout{}, "", err
	}
	region, regionKnown := regionOf(ctx, args.Region)
	entries := make([]multiEntrySpec, len(args.Eips))
	for i, e := range args.Eips {
		entries[i] = multiEntrySpec{Name: e.Name, PrivateIp: e.PrivateIp, Eni: e.Eni}
	}
	shape, err := planMultiEip(multiSettings{
		Entries: entries, EipCount: args.EipCount, Mode: args.Mode, UsePrimaryEni: args.UsePrimaryEni,
		CreateInstance: args.Instance != nil, InstanceType: instanceType, Quota: quota, MaxEnis: args.MaxEnis,
		PrivateIpsPerEni: args.PrivateIpsPerEni, VswitchCidr: vswCidr, PrivateIpRange: args.PrivateIpRange, Region: region, RegionUnknown: !regionKnown,
	})
	if err != nil {
		return multiLayout{}, "", err
	}
	allocation, err := newAddressAllocation(ctx, name, comp, shape.Allocation)
	if err != nil {
		return multiLayout{}, "", err
	}
	layout := shape.layout(allocation)
	for i := range layout.Entries { // the plan lists eips, then the entries eipCount adds (their name only)
		layout.Entries[i].Input = MultiEipEntry{Name: layout.Entries[i].Name}
		if i < len(args.Eips) {
			layout.Entries[i].Input = args.Eips[i]
		}
	}
	layout.Attached = attachedEnis(ctx, comp, name, args, layout)
	gateways := make([]limits.EntryGateway, len(layout.Entries))
	for i, e := range layout.Entries {
		gateways[i] = limits.EntryGateway{Name: e.Name, Gateway: e.Input.Gateway != nil, PrefixLength: e.Input.PrefixLength != nil}
	}
	return layout, vswCidr, limits.CheckEipGatewaysGiven(layout.Mode, gateways)
}

// checkMultiInputs refuses the inputs that contradict each other or miss a partner
// (limits.CheckMultiEipInputs), and bad guest options.
func checkMultiInputs(args *MultiEipInstanceArgs) error {
	in := limits.MultiEipInputs{CreateInstance: args.Instance != nil, InstanceId: args.InstanceId != nil,
		VswitchId: args.VswitchId != nil, SecurityGroupIds: args.SecurityGroupIds != nil, UsePrimaryEni: args.UsePrimaryEni,
		Billing: limits.EipBilling{PaymentType: limits.PaymentPayAsYouGo, PeriodGiven: args.Period != nil, PricingCycleGiven: args.PricingCycle != nil}}
	in.EniVswitch, _ = knownString(args.VswitchId)
	if args.Instance != nil {
		in.InstanceVswitch, _ = knownString(args.Instance.VswitchId)
	}
	if args.PaymentType != nil {
		in.Billing.PaymentType, _ = knownString(args.PaymentType)
	}
	in.Billing.PricingCycle, _ = knownString(args.PricingCycle)
	if p, ok := args.Period.(pulumi.Int); ok {
		period := int(p)
		in.Billing.Period = &period
	}
	return errors.Join(limits.CheckMultiEipInputs(in), args.Guest.check())
}

// multiInstanceOf is the instance's type and zone (when known) and the new ENIs' vSwitch.
func multiInstanceOf(args *MultiEipInstanceArgs) (instanceType, zone string, vswitch pulumi.StringInput) {
	if args.Instance == nil {
		zone, _ = knownString(args.ZoneId)
		return args.InstanceType, zone, args.VswitchId
	}
	vswitch = args.VswitchId
	if vswitch == nil {
		vswitch = args.Instance.VswitchId
	}
	zone, _ = knownString(args.Instance.ZoneId)
	return args.Instance.InstanceType, zone, vswitch
}

// lookupQuota asks getInstanceTypes for the ENI and private IP quota of the instance type.
func lookupQuota(ctx *pulumi.Context, comp pulumi.Resource, args *MultiEipInstanceArgs, instanceType string) (*limits.InstanceQuota, error) {
	if instanceType == "" {
		return nil, nil
	}
	res, err := alicloud.GetInstanceTypes(ctx, &alicloud.GetInstanceTypesArgs{InstanceType: &instanceType}, pulumi.Parent(comp))
	if err != nil {
		return nil, fmt.Errorf("instanceType %s: getInstanceTypes failed: %w", instanceType, err)
	}
	var quota *limits.InstanceQuota
	for _, t := range res.InstanceTypes {
		if t.Id == instanceType {
			quota = &limits.InstanceQuota{EniQuantity: t.EniQuantity, IpsPerEni: t.EniPrivateIpAddressQuantity}
		}
	}
	if quota == nil && (args.MaxEnis == 0 || args.PrivateIpsPerEni == 0) {
		return nil, limits.NotListed("instanceType", instanceType, "getInstanceTypes",
			"check the type's name, or give maxEnis and privateIpsPerEni, the ENI and private IP quota the type would give")
	}
	return quota, nil
}

// lookupVswitchCidr is the new ENIs' vSwitch block: vswitchCidrBlock, checked against the block
// getSwitches reports when the vSwitch's ID is known (and its zone against the instance's), or
// that block.
func lookupVswitchCidr(ctx *pulumi.Context, comp pulumi.Resource, args *MultiEipInstanceArgs, vswitch pulumi.StringInput,
	instanceZone string) (string, error) {
	vswCidr := args.VswitchCidrBlock
	id, ok := knownString(vswitch)
	if !ok || id == "" {
		return vswCidr, nil
	}
	res, err := alicloud.GetSwitches(ctx, &alicloud.GetSwitchesArgs{Ids: []string{id}}, pulumi.Parent(comp))
	if err != nil {
		return "", fmt.Errorf("vswitchId %s: getSwitches failed: %w", id, err)
	}
	for _, sw := range res.Vswitches {
		if sw.Id != id {
			continue
		}
		if err := errors.Join(addressing.CheckVswitchBlock(args.VswitchCidrBlock, id, sw.CidrBlock), limits.CheckEniZone("vswitchId", id, sw.ZoneId, instanceZone)); err != nil {
			return "", err
		}
		if vswCidr == "" {
			vswCidr = sw.CidrBlock
		}
	}
	return vswCidr, nil
}

// attachedEnis asks the cloud, in multiEipToEni mode on an existing instance whose ID is known,
// which of the component's ENIs are attached now and which EIPs each carries. A created
// instance's ID is not known before its resources are registered, so its ENIs are not looked up.
func attachedEnis(ctx *pulumi.Context, comp pulumi.Resource, component string, args *MultiEipInstanceArgs,
	layout multiLayout) []attachedEni {
	instanceID, known := knownString(args.InstanceId)
	if layout.Mode != limits.ModeMultiEipToEni || args.Instance != nil || !known {
		return nil
	}
	var out []attachedEni
	for _, e := range layout.Enis {
		if info, ok := lookupAttachedEni(ctx, comp, instanceID, fmt.Sprintf("%s-eni-%d", component, e.Index)); ok {
			out = append(out, attachedEni{Index: e.Index, attachedEniInfo: info})
		}
	}
	return out
}

// plannedAddresses waits for the addresses of the EIPs of the entries on attached ENIs.
func plannedAddresses(ctx *pulumi.Context, layout multiLayout, eips []multiEipRes) (
	map[string]limits.PlannedEip, error) {
	on := map[int]bool{}
	for _, a := range layout.Attached {
		on[a.Index] = true
	}
	out := map[string]limits.PlannedEip{}
	for i, e := range layout.Entries {
		if !on[e.Eni] {
			continue
		}
		p, err := awaitAddress(ctx, eips[i].address, e.Input.AllocationId != nil)
		if err != nil {
			return nil, err
		}
		out[e.Name] = p
	}
	return out, nil
}

// newMultiEipVm creates the instance with ENI 0 attached at creation (after ENI 0's associations
// in multiEipToEni mode), the primary ENI's secondary IPs and the first-boot user data, which in
// multiEipToEni mode carries the ENIs' EIPs (boundEnis).
func newMultiEipVm(ctx *pulumi.Context, name string, comp pulumi.Resource, args MultiEipInstanceArgs,
	layout multiLayout, enis map[int]*alicloud.NetworkInterface, boundEnis *pulumi.AnyOutput,
	deps []pulumi.Resource) (*alicloud.Instance, error) {
	in := args.Instance
	userData := pulumi.StringInput(pulumi.String(""))
	if in.UserData != nil {
		userData = in.UserData
	}
	bound := pulumi.Any([]multiGuestEni(nil))
	if boundEnis != nil {
		bound = *boundEnis
	}
	instanceName := in.InstanceName
	if instanceName == nil {
		instanceName = pulumi.String(name)
	}
	instArgs := &alicloud.InstanceArgs{
		InstanceType: pulumi.String(in.InstanceType), ImageId: in.ImageId, VswitchId: in.VswitchId,
		SecurityGroups: stringArray(in.SecurityGroupIds), InstanceName: instanceName, AvailabilityZone: in.ZoneId,
		KeyName: in.KeyName, Password: in.Password, SystemDiskCategory: in.SystemDiskCategory,
		SystemDiskSize: in.SystemDiskSize, Tags: stringMap(args.Tags),
		UserData: pulumi.All(userData, bound).ApplyT(func(v []any) (string, error) {
			enis, _ := v[1].([]multiGuestEni)
			return firstBootUserData(args.Guest, args.UsePrimaryEni, v[0].(string), enis)
		}).(pulumi.StringOutput),
	}
	if layout.PrimaryEniIp != "" {
		instArgs.PrivateIp = pulumi.String(layout.PrimaryEniIp)
	}
	if len(layout.PrimaryEniIps) > 0 {
		instArgs.SecondaryPrivateIps = pulumi.ToStringArray(layout.PrimaryEniIps)
	}
	if eni, ok := enis[0]; ok && len(layout.Enis) > 0 && layout.Enis[0].AtCreation {
		instArgs.NetworkInterfaces = pulumi.Map{"networkInterfaceId": eni.ID().ToStringOutput()}
	}
	o := []pulumi.ResourceOption{pulumi.Parent(comp)}
	if len(deps) > 0 {
		o = append(o, pulumi.DependsOn(deps))
	}
	return alicloud.NewInstance(ctx, name+"-instance", instArgs, o...)
}

// primaryEniInfo looks up the primary ENI (usePrimaryEni): its MAC and primary IP.
func primaryEniInfo(ctx *pulumi.Context, comp pulumi.Resource, id string) (alicloud.NetworkInterfaceInfo, error) {
	res, err := alicloud.GetNetworkInterfaces(ctx, &alicloud.GetNetworkInterfacesArgs{Ids: []string{id}}, pulumi.Parent(comp))
	if err != nil {
		return alicloud.NetworkInterfaceInfo{}, err
	}
	for _, i := range res.Interfaces {
		if i.Id == id {
			return i, nil
		}
	}
	return alicloud.NetworkInterfaceInfo{}, fmt.Errorf("usePrimaryEni: the primary ENI %s of the instance is not listed by getEcsNetworkInterfaces", id)
}

// multiEipGuest renders the guest configuration once the ENIs' MACs (and the EIPs, in
// multiEipToEni mode) are known.
func multiEipGuest(ctx *pulumi.Context, comp pulumi.Resource, args MultiEipInstanceArgs, layout multiLayout,
	vswCidr string, enis map[int]*alicloud.NetworkInterface, primaryEniID pulumi.StringOutput,
	boundEnis *pulumi.AnyOutput) pulumi.AnyOutput {
	static := args.Guest != nil && args.Guest.Mode == guestnet.ModeStatic
	var inputs []any
	for _, e := range layout.Enis {
		inputs = append(inputs, enis[e.Index].Mac, enis[e.Index].PrimaryIpAddress)
	}
	if boundEnis != nil {
		inputs = append(inputs, *boundEnis)
	}
	lookPrimary := static && args.UsePrimaryEni && len(layout.PrimaryEniIps) > 0
	if lookPrimary {
		inputs = append(inputs, primaryEniID)
	}
	userData := pulumi.StringInput(pulumi.String(""))
	if args.Instance != nil && args.Instance.UserData != nil {
		userData = args.Instance.UserData
	}
	inputs = append(inputs, userData)
	return pulumi.All(inputs...).ApplyT(func(v []any) (GuestOutputs, error) {
		in := multiGuestInput{Options: args.Guest, UsePrimaryEni: args.UsePrimaryEni, PrimaryEniIps: layout.PrimaryEniIps,
			VswitchCidr: vswCidr, UserData: v[len(v)-1].(string)}
		k := 0
		for _, e := range layout.Enis {
			in.Enis = append(in.Enis, multiGuestEni{Index: e.Index, Mac: v[k].(string), PrimaryIp: v[k+1].(string), SecondaryIps: e.SecondaryIps})
			k += 2
		}
		if boundEnis != nil {
			for j, b := range v[k].([]multiGuestEni) {
				in.Enis[j].Extra = b.Extra
			}
			k++
		}
		if lookPrimary {
			info, err := primaryEniInfo(ctx, comp, v[k].(string))
			if err != nil {
				return GuestOutputs{}, err
			}
			in.PrimaryMac = info.Mac
		}
		return renderMultiGuest(in)
	}).(pulumi.AnyOutput)
}

// deliverWithCloudAssistant installs the guest configuration on the instance through Cloud
// Assistant: the installer puts in place what the cloud-config installs (the program, its
// service, timer, udev rule and hook), so the delivered program survives reboots and is the
// one the timer runs.
func deliverWithCloudAssistant(ctx *pulumi.Context, name string, comp pulumi.Resource, guest pulumi.AnyOutput,
	instanceID pulumi.StringInput) error {
	installer := guest.ApplyT(func(g any) string { return g.(GuestOutputs).Installer }).(pulumi.StringOutput)
	return deliverInstaller(ctx, name, comp, installer, instanceID)
}

// multiEipEniOutputs lists the ENIs that carry EIPs, the primary ENI first with usePrimaryEni.
func multiEipEniOutputs(ctx *pulumi.Context, comp pulumi.Resource, args MultiEipInstanceArgs, layout multiLayout,
	enis map[int]*alicloud.NetworkInterface, primaryEniID pulumi.StringOutput) MultiEipNetworkInterfaceArrayOutput {
	var inputs []any
	for _, e := range layout.Enis {
		inputs = append(inputs, enis[e.Index].ID().ToStringOutput(), enis[e.Index].Mac, enis[e.Index].PrimaryIpAddress)
	}
	withPrimary := args.UsePrimaryEni && len(layout.PrimaryEniIps) > 0
	if withPrimary {
		inputs = append(inputs, primaryEniID)
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) ([]MultiEipNetworkInterface, error) {
		out := []MultiEipNetworkInterface{}
		if withPrimary {
			info, err := primaryEniInfo(ctx, comp, v[len(v)-1].(string))
			if err != nil {
				return nil, err
			}
			out = append(out, MultiEipNetworkInterface{Id: info.Id, Mac: info.Mac, DeviceOrder: 0, PrimaryIp: info.PrimaryIpAddress,
				PrivateIps: layout.PrimaryEniIps, RouteTable: guestnet.EniTable(args.Guest.config().TableBase, 0)})
		}
		for k, e := range layout.Enis {
			out = append(out, MultiEipNetworkInterface{Id: v[3*k].(string), Mac: v[3*k+1].(string), DeviceOrder: e.Index + 1,
				PrimaryIp: v[3*k+2].(string), PrivateIps: e.SecondaryIps, RouteTable: eniRouteTable(args.Guest, e.Index)})
		}
		return out, nil
	}).(MultiEipNetworkInterfaceArrayOutput)
}

// multiEipAddressOutputs lists the EIPs in input order.
func multiEipAddressOutputs(layout multiLayout, eips []multiEipRes, enis map[int]*alicloud.NetworkInterface, primaryEniID pulumi.StringOutput) MultiEipAddressArrayOutput {
	var inputs []any
	for i, e := range layout.Entries {
		eniID := primaryEniID
		if e.Eni != addressing.PrimaryEni {
			eniID = enis[e.Eni].ID().ToStringOutput()
		}
		inputs = append(inputs, eips[i].allocationID, eips[i].address, eniID)
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) []MultiEipAddress {
		out := make([]MultiEipAddress, len(layout.Entries))
		for i, e := range layout.Entries {
			out[i] = MultiEipAddress{Name: e.Name, AllocationId: v[3*i].(string), PublicIp: v[3*i+1].(string),
				PrivateIp: e.PrivateIp, NetworkInterfaceId: v[3*i+2].(string)}
		}
		return out
	}).(MultiEipAddressArrayOutput)
}
