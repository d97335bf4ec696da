package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
)

// AddressAllocation is the resource that holds, in the stack's state, where every EIP of a
// MultiEipInstance lives: the entry name -> (ENI index, private IP) map and each ENI's primary
// IP. A component cannot see its children's previous state; this resource can (Diff and Update
// receive it), so an entry keeps its slot for as long as it keeps its name.
type AddressAllocation struct{}

// AddressAllocationArgs are the inputs of an AddressAllocation: the plain values of its
// MultiEipInstance that decide the slots.
type AddressAllocationArgs struct {
	Entries            []AllocationEntry `pulumi:"entries"`
	Mode               string            `pulumi:"mode,optional"`
	VswitchCidrBlock   string            `pulumi:"vswitchCidrBlock,optional"`
	PrivateIpRange     string            `pulumi:"privateIpRange,optional"`
	SecondaryEnis      int               `pulumi:"secondaryEnis"`
	PrivateIpsPerEni   int               `pulumi:"privateIpsPerEni,optional"`
	UsePrimaryEni      bool              `pulumi:"usePrimaryEni,optional"`
	ChoosePrimaryEniIp bool              `pulumi:"choosePrimaryEniIp,optional"`
	KeepEnis           []int             `pulumi:"keepEnis,optional"`
}

// Annotate describes the inputs.
func (a *AddressAllocationArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Entries, "The EIP entries, in the component's order (eips, then eipCount's).")
	an.Describe(&a.Mode, "`nat` (default): each entry gets an ENI and a private IP; `multiEipToEni`: an ENI only, "+
		"up to 10 entries per ENI, and the ENIs of the previous allocation (attached) take no new entry.")
	an.Describe(&a.VswitchCidrBlock, "CIDR block of the ENIs' vSwitch (nat mode).")
	an.Describe(&a.PrivateIpRange, "The block of the vSwitch reserved for the instance: ENI primary IPs and entry "+
		"private IPs come from it, lowest free address first (nat mode).")
	an.Describe(&a.SecondaryEnis, "How many secondary ENIs the instance may have.")
	an.Describe(&a.PrivateIpsPerEni, "Private IPs per ENI, its primary one included (nat mode).")
	an.Describe(&a.UsePrimaryEni, "Entries may also live on the primary ENI.")
	an.Describe(&a.ChoosePrimaryEniIp, "The first allocation chooses the primary ENI's primary IP (the instance is "+
		"created with it), so that it carries an EIP too.")
	an.Describe(&a.KeepEnis, "Secondary ENIs that exist whatever the entries (the one attached when the instance is created).")
}

// AllocationEntry is one entry of an AddressAllocation.
type AllocationEntry struct {
	Name      string `pulumi:"name"`
	PrivateIp string `pulumi:"privateIp,optional"`
	Eni       *int   `pulumi:"eni,optional"`
}

// Annotate describes an entry.
func (e *AllocationEntry) Annotate(an infer.Annotator) {
	an.Describe(&e.Name, "The entry's name: an entry keeps its slot as long as it keeps its name.")
	an.Describe(&e.PrivateIp, "A pinned private IP (nat mode).")
	an.Describe(&e.Eni, "A pinned ENI index (-1: the primary ENI).")
}

// AddressAllocationState is the allocation kept in the stack's state, with the inputs it was
// made from.
type AddressAllocationState struct {
	AddressAllocationArgs
	Slots             map[string]AddressSlot `pulumi:"slots"`
	NetworkInterfaces []AllocatedEni         `pulumi:"networkInterfaces"`
}

// Annotate describes the outputs.
func (s *AddressAllocationState) Annotate(an infer.Annotator) {
	an.Describe(&s.Slots, "Each entry's slot, by entry name. Known at preview.")
	an.Describe(&s.NetworkInterfaces, "The ENIs of the allocation, by ascending index (the primary ENI, -1, first). Known at preview.")
}

// AddressSlot is where one entry lives.
type AddressSlot struct {
	Eni       int    `pulumi:"eni"`
	PrivateIp string `pulumi:"privateIp,optional"`
}

// Annotate describes a slot.
func (s *AddressSlot) Annotate(an infer.Annotator) {
	an.Describe(&s.Eni, "The ENI index: -1 for the primary ENI, else the secondary ENI's index.")
	an.Describe(&s.PrivateIp, "The private IP the EIP maps to (nat mode).")
}

// AllocatedEni is one ENI of an allocation.
type AllocatedEni struct {
	Index        int      `pulumi:"index"`
	PrimaryIp    string   `pulumi:"primaryIp,optional"`
	SecondaryIps []string `pulumi:"secondaryIps"`
	Entries      []string `pulumi:"entries"`
}

// Annotate describes an ENI.
func (e *AllocatedEni) Annotate(an infer.Annotator) {
	an.Describe(&e.Index, "The ENI index: -1 for the primary ENI, else the secondary ENI's index.")
	an.Describe(&e.PrimaryIp, "The ENI's primary private IP; empty when the cloud chooses it.")
	an.Describe(&e.SecondaryIps, "The private IPs of the entries on this ENI other than its primary IP, ascending.")
	an.Describe(&e.Entries, "The names of the entries on this ENI, sorted.")
}

// Annotate describes the resource.
func (r *AddressAllocation) Annotate(an infer.Annotator) {
	an.Describe(r, "Where every EIP of a MultiEipInstance lives, held in the stack's state: each entry's ENI and "+
		"private IP, and each ENI's primary IP. An entry keeps its slot as long as it keeps its name; a new entry "+
		"takes the first free slot. Never replaced; its outputs are known at preview. Created by MultiEipInstance.")
}

// Create allocates the entries from nothing.
func (AddressAllocation) Create(_ context.Context, req infer.CreateRequest[AddressAllocationArgs]) (
	infer.CreateResponse[AddressAllocationState], error) {
	state, err := allocateState(AddressAllocationState{}, req.Inputs)
	if err != nil {
		return infer.CreateResponse[AddressAllocationState]{}, err
	}
	return infer.CreateResponse[AddressAllocationState]{ID: req.Name, Output: state}, nil
}

// Update allocates the entries from the previous allocation.
func (AddressAllocation) Update(_ context.Context, req infer.UpdateRequest[AddressAllocationArgs, AddressAllocationState]) (
	infer.UpdateResponse[AddressAllocationState], error) {
	state, err := allocateState(req.State, req.Inputs)
	return infer.UpdateResponse[AddressAllocationState]{Output: state}, err
}

// Diff reports an update when, and only when, the allocation changes; it never asks for a
// replacement. A violation (a kept slot that no longer fits, a pin on a held slot) fails it.
func (AddressAllocation) Diff(_ context.Context, req infer.DiffRequest[AddressAllocationArgs, AddressAllocationState]) (
	infer.DiffResponse, error) {
	prev, err := stateAllocation(req.State)
	if err != nil {
		return infer.DiffResponse{}, err
	}
	next, err := allocate(prev, req.Inputs)
	if err != nil {
		return infer.DiffResponse{}, err
	}
	if next.Equal(prev) {
		return infer.DiffResponse{}, nil
	}
	return infer.DiffResponse{HasChanges: true, DetailedDiff: map[string]p.PropertyDiff{
		"slots": {Kind: p.Update}, "networkInterfaces": {Kind: p.Update},
	}}, nil
}

// WireDependencies marks the outputs known at preview: they are computed from the inputs and
// the previous state alone, during preview as during update.
func (AddressAllocation) WireDependencies(f infer.FieldSelector, _ *AddressAllocationArgs, state *AddressAllocationState) {
	for _, field := range []any{&state.Entries, &state.Mode, &state.VswitchCidrBlock, &state.PrivateIpRange,
		&state.SecondaryEnis, &state.PrivateIpsPerEni, &state.UsePrimaryEni, &state.ChoosePrimaryEniIp, &state.KeepEnis} {
		f.OutputField(field).AlwaysKnown()
	}
	f.OutputField(&state.Slots).AlwaysKnown()
	f.OutputField(&state.NetworkInterfaces).AlwaysKnown()
}

// allocateState runs the allocation from the previous state.
func allocateState(prevState AddressAllocationState, in AddressAllocationArgs) (AddressAllocationState, error) {
	prev, err := stateAllocation(prevState)
	if err != nil {
		return AddressAllocationState{}, err
	}
	next, err := allocate(prev, in)
	if err != nil {
		return AddressAllocationState{}, err
	}
	state := allocationState(next)
	state.AddressAllocationArgs = in
	return state, nil
}

// allocate runs the allocation of the resource's inputs from prev.
func allocate(prev addressing.Allocation, in AddressAllocationArgs) (addressing.Allocation, error) {
	input, err := allocateInput(prev, in)
	if err != nil {
		return addressing.Allocation{}, err
	}
	return addressing.Allocate(input)
}

// allocationFields name, in messages, the MultiEipInstance inputs the allocation comes from.
var allocationFields = addressing.PlanFields{Entries: "eips", VSwitchCidr: "vswitchCidrBlock",
	PrivateIpRange: "privateIpRange", SecondaryEnis: "maxEnis (secondary ENIs)", IpsPerEni: "privateIpsPerEni"}

// allocateInput turns the resource's inputs into the allocation's. It refuses a pinned private
// IP that is not an IPv4 address; a block that does not parse is left zero for the allocation
// to refuse.
func allocateInput(prev addressing.Allocation, in AddressAllocationArgs) (addressing.AllocateInput, error) {
	out := addressing.AllocateInput{Previous: prev, MultiEipToEni: in.Mode == MultiModeMultiEipToEni,
		SecondaryEnis: in.SecondaryEnis, IpsPerEni: in.PrivateIpsPerEni, UsePrimaryEni: in.UsePrimaryEni,
		ChoosePrimaryEniIp: in.ChoosePrimaryEniIp, KeepEnis: in.KeepEnis, Fields: allocationFields}
	out.VSwitchCidr = addressing.BlockOrZero(in.VswitchCidrBlock)
	if in.PrivateIpRange != "" {
		out.PrivateIpRange = addressing.BlockOrZero(in.PrivateIpRange).Masked()
	}
	var errs []error
	for i, e := range in.Entries {
		ip, err := allocationFields.ParsePinnedIp(i, e.PrivateIp)
		errs = append(errs, err)
		out.Entries = append(out.Entries, addressing.Entry{Name: e.Name, Eni: e.Eni, PrivateIp: ip})
	}
	return out, errors.Join(errs...)
}

// stateAllocation reads an allocation from the resource's state.
func stateAllocation(s AddressAllocationState) (addressing.Allocation, error) {
	a := addressing.NewAllocation()
	for _, e := range s.NetworkInterfaces {
		ip, err := addressing.ParseKeptAddr(e.PrimaryIp)
		if err != nil {
			return a, fmt.Errorf("the AddressAllocation state holds the primary IP of ENI %d %q, which is not an IP address: %w", e.Index, e.PrimaryIp, err)
		}
		a.Enis[e.Index] = ip
	}
	for name, slot := range s.Slots {
		ip, err := addressing.ParseKeptAddr(slot.PrivateIp)
		if err != nil {
			return a, fmt.Errorf("the AddressAllocation state holds the private IP of %q %q, which is not an IP address: %w", name, slot.PrivateIp, err)
		}
		a.Entries[name] = addressing.Slot{Eni: slot.Eni, PrivateIp: ip}
	}
	return a, nil
}

// allocationState writes an allocation as the resource's state.
func allocationState(a addressing.Allocation) AddressAllocationState {
	s := AddressAllocationState{Slots: map[string]AddressSlot{}, NetworkInterfaces: []AllocatedEni{}}
	for name, slot := range a.Entries {
		s.Slots[name] = AddressSlot{Eni: slot.Eni, PrivateIp: addressing.AddrString(slot.PrivateIp)}
	}
	for _, j := range a.EniIndexes() {
		s.NetworkInterfaces = append(s.NetworkInterfaces, AllocatedEni{Index: j, PrimaryIp: addressing.AddrString(a.Enis[j]),
			SecondaryIps: orEmpty(addressing.AddrStrings(a.SecondaryIps(j))), Entries: orEmpty(a.OnEni(j))})
	}
	return s
}

// orEmpty is s, or an empty list for nil, so that the state always holds a list.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clip(s)
}
