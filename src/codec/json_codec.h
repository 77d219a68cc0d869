#pragma once
// The JSON codec of Switchyard (library switchyard_codec): one include for
// the configuration (config_json.h), event (event_json.h) and name
// resolution (resolver.h) mappings.
#include "codec/config_json.h"
#include "codec/event_json.h"
#include "codec/resolver.h"
