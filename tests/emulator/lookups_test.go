package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGetZonesOffersEveryZoneOfTheRegionForAnEmulatedType(t *testing.T) {
	c := newTestCloud(t, "", obj{"region": "cn-shanghai"})
	res := c.invoke(TokenGetZones, obj{"availableResourceCreation": "VSwitch", "availableInstanceType": "ecs.c6.large"})
	ids := res["ids"].([]any)
	assert.Len(t, ids, len(zoneLetters))
	assert.Equal(t, "cn-shanghai-a", ids[0])
	zone := res["zones"].([]any)[0].(obj)
	assert.Equal(t, "cn-shanghai-a", zone["id"])
	assert.Contains(t, zone["availableInstanceTypes"], "ecs.c6.large")

	none := c.invoke(TokenGetZones, obj{"availableInstanceType": "ecs.unknown.large"})
	assert.Empty(t, none["zones"], "no zone offers a type the emulator does not know")
}

func TestGetImagesFiltersByNameAndKeepsTheNewest(t *testing.T) {
	c := newTestCloud(t, "", nil)
	all := c.invoke(TokenGetImages, obj{"nameRegex": "^ubuntu_22_04_x64", "owners": "system"})
	assert.Equal(t, []any{"ubuntu_22_04_x64_20G_alibase_20240926.vhd", "ubuntu_22_04_x64_20G_alibase_20240508.vhd"}, all["ids"],
		"matches, newest first")
	newest := c.invoke(TokenGetImages, obj{"nameRegex": "^ubuntu_22_04_x64", "owners": "system", "mostRecent": true})
	assert.Equal(t, []any{"ubuntu_22_04_x64_20G_alibase_20240926.vhd"}, newest["ids"])
	assert.Equal(t, "ubuntu_22_04_x64_20G_alibase_20240926.vhd", newest["images"].([]any)[0].(obj)["id"])
	assert.Empty(t, c.invoke(TokenGetImages, obj{"owners": "self"})["images"], "only system images exist")
	assert.Empty(t, c.invoke(TokenGetImages, obj{"architecture": "arm64", "nameRegex": "^debian"})["images"])
}
