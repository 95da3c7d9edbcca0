import type { Item } from "../../lib/schemas/item.js";
import type { Offer } from "../../lib/schemas/offer.js";
import type { RuleRequest } from "../../lib/schemas/rule.js";
import { seededRandom } from "./seeded-random.js";

/** A small outdoor-sports shop: enough structure that profiles and (later) lists visibly make sense. */
const CATALOG: [id: string, title: string, category: string, brand: string, price: number, tags: string[]][] =
  [
    ["run-shoe-1", "Tempo Road Running Shoe", "shoes/running", "Stride", 129, ["road", "cushioned"]],
    ["run-shoe-2", "Featherlight Racing Flat", "shoes/running", "Stride", 159, ["road", "race"]],
    ["run-shoe-3", "Daily Trainer 5", "shoes/running", "Northpeak", 99, ["road"]],
    ["trail-shoe-1", "Ridge Trail Runner", "shoes/trail", "Northpeak", 139, ["trail", "waterproof"]],
    ["trail-shoe-2", "Scree Grip Trail Shoe", "shoes/trail", "Alpina", 149, ["trail"]],
    ["hike-boot-1", "Summit Leather Hiking Boot", "shoes/hiking", "Alpina", 219, ["waterproof", "leather"]],
    ["hike-boot-2", "Valley Mid Hiking Boot", "shoes/hiking", "Northpeak", 159, ["waterproof"]],
    ["run-shirt-1", "Breeze Running Tee", "apparel/running", "Stride", 35, ["breathable"]],
    ["run-shorts-1", "Split Running Shorts", "apparel/running", "Stride", 40, ["breathable"]],
    ["run-jacket-1", "Drizzle Running Jacket", "apparel/running", "Stride", 110, ["waterproof", "packable"]],
    ["shell-1", "Storm Shell Jacket", "apparel/jackets", "Alpina", 299, ["waterproof", "gore-tex"]],
    ["down-1", "Cloud Down Jacket", "apparel/jackets", "Northpeak", 249, ["insulated", "packable"]],
    ["fleece-1", "Basecamp Fleece", "apparel/jackets", "Northpeak", 79, ["insulated"]],
    ["socks-1", "Merino Hiking Socks", "apparel/socks", "Woolly", 22, ["merino"]],
    ["socks-2", "Low-cut Running Socks", "apparel/socks", "Stride", 15, ["breathable"]],
    ["tent-1", "Ultralight 2P Tent", "camping/tents", "Alpina", 449, ["ultralight", "backpacking"]],
    ["tent-2", "Family 4P Tent", "camping/tents", "Campfire", 329, ["family"]],
    ["bag-1", "Three-Season Sleeping Bag", "camping/sleeping", "Campfire", 189, ["insulated"]],
    ["mat-1", "Inflatable Sleeping Mat", "camping/sleeping", "Alpina", 119, ["ultralight"]],
    ["stove-1", "Compact Gas Stove", "camping/cooking", "Campfire", 59, ["backpacking"]],
    ["pot-1", "Titanium Cook Pot", "camping/cooking", "Alpina", 45, ["ultralight"]],
    ["pack-1", "Trail 30L Daypack", "packs/daypacks", "Northpeak", 119, ["hydration"]],
    ["pack-2", "Expedition 65L Pack", "packs/backpacking", "Alpina", 279, ["backpacking"]],
    ["vest-1", "Hydration Running Vest", "packs/running", "Stride", 129, ["hydration", "trail"]],
    ["bottle-1", "Insulated Bottle 750ml", "accessories/hydration", "Campfire", 29, ["insulated"]],
    ["lamp-1", "Headlamp 400", "accessories/lighting", "Northpeak", 49, ["trail", "packable"]],
    ["watch-1", "GPS Running Watch", "electronics/watches", "Pulse", 299, ["gps", "heart-rate"]],
    ["watch-2", "Outdoor Adventure Watch", "electronics/watches", "Pulse", 449, ["gps", "barometer"]],
    ["phones-1", "Sport Wireless Earbuds", "electronics/audio", "Pulse", 129, ["waterproof"]],
    ["bike-1", "Gravel Bike", "bikes/gravel", "Cadence", 1899, ["carbon"]],
    ["bike-2", "City Commuter Bike", "bikes/city", "Cadence", 749, ["commute"]],
    ["helmet-1", "Road Cycling Helmet", "bikes/accessories", "Cadence", 99, ["safety"]],
  ];

export const DEMO_ITEMS: Item[] = CATALOG.map(([itemId, title, category, brand, price, tags]) => ({
  itemId,
  title,
  categories: [category],
  brand,
  tags,
  price,
  currency: "EUR",
  available: true,
  regions: ["DE", "FR", "NL", "GB", "US"],
  url: `https://shop.example/p/${itemId}`,
}));

/** Who shops here, by interest; the first ones get the ready-made tokens printed at start. */
const PERSONAS: [customerId: string, interests: string[], country: string][] = [
  ["demo-alice", ["shoes/running", "apparel/running", "electronics/watches"], "DE"],
  ["demo-bob", ["shoes/hiking", "apparel/jackets", "camping/tents"], "FR"],
  ["demo-chen", ["camping/tents", "camping/sleeping", "camping/cooking"], "NL"],
  ["demo-dara", ["bikes/gravel", "bikes/accessories", "electronics/watches"], "GB"],
  ["demo-eli", ["shoes/trail", "packs/running", "accessories/lighting"], "US"],
];

export interface DemoEvent {
  eventId: string;
  type: "view" | "click" | "add_to_cart" | "purchase";
  customerId: string;
  itemId: string;
  timestamp: string;
  channel: "web" | "app" | "store";
  context: { country: string };
}

/** Two weeks of browsing sessions: mostly within each persona's interests, with some wandering. */
export function demoTraffic(now: number, customers = 40): DemoEvent[] {
  const rand = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const events: DemoEvent[] = [];
  for (let c = 0; c < customers; c++) {
    const persona = PERSONAS[c % PERSONAS.length] as (typeof PERSONAS)[number];
    const customerId = c < PERSONAS.length ? persona[0] : `demo-visitor-${c}`;
    const liked = DEMO_ITEMS.filter((i) => i.categories.some((cat) => persona[1].includes(cat)));
    const sessions = 1 + Math.floor(rand() * 3);
    for (let s = 0; s < sessions; s++) {
      let at = now - Math.floor(rand() * 14 * 86_400_000) - 3_600_000;
      const channel = pick(["web", "app", "app", "store"] as const);
      const length = 3 + Math.floor(rand() * 8);
      for (let e = 0; e < length; e++) {
        const item = rand() < 0.8 ? pick(liked) : pick(DEMO_ITEMS);
        const roll = rand();
        const type = roll < 0.65 ? "view" : roll < 0.85 ? "click" : roll < 0.95 ? "add_to_cart" : "purchase";
        at += 20_000 + Math.floor(rand() * 120_000);
        events.push({
          eventId: `demo-${c}-${s}-${e}`,
          type,
          customerId,
          itemId: item.itemId,
          timestamp: new Date(at).toISOString(),
          channel,
          context: { country: persona[2] },
        });
      }
    }
  }
  return events;
}

/** Offers around a few real city centres, valid for a month from `now`, so a newcomer sees offers work. */
export function demoOffers(now: number): Offer[] {
  const from = new Date(now - 86_400_000).toISOString();
  const until = new Date(now + 30 * 86_400_000).toISOString();
  const at = (lat: number, lon: number) => ({ lat, lon });
  const offer = (
    offerId: string,
    title: string,
    location: { lat: number; lon: number },
    categories: string[],
    extra: Partial<Offer> = {},
  ): Offer => ({
    offerId,
    title,
    location,
    radiusM: 3000,
    validFrom: from,
    validUntil: until,
    categories,
    audience: "all",
    priority: 10,
    ...extra,
  });
  return [
    offer(
      "berlin-running",
      "10% off running shoes at Alexanderplatz",
      at(52.5219, 13.4132),
      ["shoes/running"],
      { countries: ["DE"] },
    ),
    offer(
      "berlin-first",
      "Welcome: free socks with your first order",
      at(52.5163, 13.3777),
      ["apparel/socks"],
      { audience: "new", maxPerCustomer: 1 },
    ),
    offer("paris-hiking", "Hiking boots fitting day near the Louvre", at(48.8606, 2.3376), ["shoes/hiking"], {
      countries: ["FR"],
      priority: 30,
    }),
    offer("amsterdam-camping", "Camping week: tents and stoves", at(52.3731, 4.8926), ["camping"], {
      countries: ["NL"],
    }),
    offer("london-bikes", "Free bike check in Shoreditch", at(51.5255, -0.0786), ["bikes"], {
      countries: ["GB"],
      maxPerCustomer: 2,
    }),
    offer(
      "nyc-trail",
      "Trail night: headlamps 20% off",
      at(40.7411, -73.9897),
      ["accessories/lighting", "shoes/trail"],
      { countries: ["US"] },
    ),
  ];
}

/**
 * A merchandiser's rules, so the tour shows them: a seasonal promotion of jackets on "recommended for you"
 * (two months from `now`, in a rule set an experiment could switch off) and a headlamp pinned third on the
 * same list.
 */
export function demoRules(now: number): { ruleId: string; rule: RuleRequest }[] {
  const day = 86_400_000;
  return [
    {
      ruleId: "winter-jackets",
      rule: {
        placement: "recommendations",
        action: "promote",
        share: 0.2,
        when: { categories: ["apparel/jackets"] },
        validFrom: new Date(now).toISOString(),
        validUntil: new Date(now + 60 * day).toISOString(),
        ruleSet: "winter-sale",
        description: "Seasonal promotion: a fifth of each page for jackets until the end of winter",
      },
    },
    {
      ruleId: "headlamp-third",
      rule: {
        placement: "recommendations",
        action: "pin",
        itemId: "lamp-1",
        position: 3,
        description: "The new headlamp, third on every page",
      },
    },
  ];
}
