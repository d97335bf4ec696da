package provider

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// mockAllocation answers the registration of an AddressAllocation as the engine and this
// package's provider would: Create from nothing, or Update from the state of an earlier run.
func mockAllocation(inputs, prior resource.PropertyMap) (resource.PropertyMap, error) {
	var args AddressAllocationArgs
	if err := remarshal(inputs.Mappable(), &args); err != nil {
		return nil, err
	}
	var prev AddressAllocationState
	if prior != nil {
		if err := remarshal(prior.Mappable(), &prev); err != nil {
			return nil, err
		}
	}
	state, err := allocateState(prev, args)
	if err != nil {
		return nil, err
	}
	return resource.NewPropertyMap(state), nil
}

// remarshal copies v into out through JSON (field names match case-insensitively).
func remarshal(v, out any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
