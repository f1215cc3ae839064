/* fl-demo-names.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name lists for the demo data set. Organisations use the reserved .example
 * top-level domain and phone numbers come from ranges set aside for fiction, so
 * nothing generated can reach a real person.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include "fl-demo-names.h"

const FlDemoName fl_demo_first_names[] = {
  { "Zoë", "zoe" }, { "Łukasz", "lukasz" }, { "José", "jose" }, { "Amélie", "amelie" },
  { "Søren", "soren" }, { "Björn", "bjorn" }, { "Chloé", "chloe" }, { "Inês", "ines" },
  { "François", "francois" }, { "Renée", "renee" }, { "Jürgen", "jurgen" },
  { "Héloïse", "heloise" }, { "Raúl", "raul" }, { "Íñigo", "inigo" }, { "Joaquín", "joaquin" },
  { "Ayşe", "ayse" }, { "Çağla", "cagla" }, { "Tomáš", "tomas" }, { "Kateřina", "katerina" },
  { "Zsófia", "zsofia" }, { "Seán", "sean" }, { "Małgorzata", "malgorzata" },
  { "Anna", "anna" }, { "Noah", "noah" }, { "Liam", "liam" }, { "Emma", "emma" },
  { "Olivia", "olivia" }, { "Mia", "mia" }, { "Lucas", "lucas" }, { "Sofia", "sofia" },
  { "Mateo", "mateo" }, { "Aisha", "aisha" }, { "Omar", "omar" }, { "Fatima", "fatima" },
  { "Hiroshi", "hiroshi" }, { "Mei", "mei" }, { "Wei", "wei" }, { "Arjun", "arjun" },
  { "Kofi", "kofi" }, { "Amara", "amara" }, { "Ingrid", "ingrid" }, { "Lars", "lars" },
  { "Freya", "freya" }, { "Niamh", "niamh" }, { "Aoife", "aoife" }, { "Giulia", "giulia" },
  { "Marco", "marco" }, { "Elena", "elena" }, { "Dmitri", "dmitri" }, { "Olga", "olga" },
  { "Katarzyna", "katarzyna" }, { "Tomasz", "tomasz" }, { "Hannah", "hannah" },
  { "Jakob", "jakob" }, { "Leonie", "leonie" }, { "Charlotte", "charlotte" },
  { "Oliver", "oliver" }, { "George", "george" }, { "Grace", "grace" }, { "James", "james" },
  { "Emily", "emily" }, { "Daniel", "daniel" }, { "Sarah", "sarah" }, { "Michael", "michael" },
  { "Laura", "laura" }, { "David", "david" }, { "Julia", "julia" }, { "Thomas", "thomas" },
  { "Pierre", "pierre" }, { "Camille", "camille" }, { "Nuria", "nuria" }, { "Mehmet", "mehmet" },
  { "Ngozi", "ngozi" }, { "Thandiwe", "thandiwe" }, { "Yusuf", "yusuf" }, { "Priya", "priya" },
  { "Ravi", "ravi" }, { "Sana", "sana" }, { "Minh", "minh" }, { "Linh", "linh" },
  { "Haruto", "haruto" }, { "Yuna", "yuna" }, { "Ji-woo", "jiwoo" }, { "Carlos", "carlos" },
  { "Valentina", "valentina" }, { "Mariana", "mariana" }, { "Pedro", "pedro" },
  { "Astrid", "astrid" }, { "Nils", "nils" }, { "Elif", "elif" }, { "Rosa", "rosa" },
  { "Peter", "peter" }, { "Ruth", "ruth" }, { "Samuel", "samuel" }, { "Victoria", "victoria" },
};
const guint fl_demo_n_first_names = G_N_ELEMENTS (fl_demo_first_names);

const FlDemoName fl_demo_last_names[] = {
  { "Müller", "muller" }, { "García", "garcia" }, { "Nowak", "nowak" },
  { "Kowalczyk", "kowalczyk" }, { "Dubois", "dubois" }, { "Ødegaard", "odegaard" },
  { "Johansson", "johansson" }, { "Nielsen", "nielsen" }, { "O'Connor", "oconnor" },
  { "Murphy", "murphy" }, { "Smith", "smith" }, { "Johnson", "johnson" },
  { "Williams", "williams" }, { "Brown", "brown" }, { "Jones", "jones" }, { "Martin", "martin" },
  { "Bernard", "bernard" }, { "Rossi", "rossi" }, { "Russo", "russo" },
  { "Fernández", "fernandez" }, { "López", "lopez" }, { "Martínez", "martinez" },
  { "Sánchez", "sanchez" }, { "Pérez", "perez" }, { "Silva", "silva" }, { "Santos", "santos" },
  { "Oliveira", "oliveira" }, { "Costa", "costa" }, { "Schmidt", "schmidt" },
  { "Schneider", "schneider" }, { "Fischer", "fischer" }, { "Weber", "weber" },
  { "Meyer", "meyer" }, { "Wagner", "wagner" }, { "Becker", "becker" },
  { "Hoffmann", "hoffmann" }, { "Schäfer", "schafer" }, { "Yılmaz", "yilmaz" },
  { "Kaya", "kaya" }, { "Demir", "demir" }, { "Nguyen", "nguyen" }, { "Tran", "tran" },
  { "Kim", "kim" }, { "Park", "park" }, { "Lee", "lee" }, { "Chen", "chen" },
  { "Wang", "wang" }, { "Zhang", "zhang" }, { "Liu", "liu" }, { "Tanaka", "tanaka" },
  { "Suzuki", "suzuki" }, { "Sato", "sato" }, { "Patel", "patel" }, { "Sharma", "sharma" },
  { "Singh", "singh" }, { "Khan", "khan" }, { "Ahmed", "ahmed" }, { "Okafor", "okafor" },
  { "Mensah", "mensah" }, { "Adeyemi", "adeyemi" }, { "Dvořák", "dvorak" },
  { "Novák", "novak" }, { "Horváth", "horvath" }, { "Szabó", "szabo" }, { "Kovač", "kovac" },
  { "Jovanović", "jovanovic" }, { "Popescu", "popescu" }, { "Ivanova", "ivanova" },
  { "Petrov", "petrov" }, { "Andersson", "andersson" }, { "Virtanen", "virtanen" },
  { "Korhonen", "korhonen" }, { "MacDonald", "macdonald" }, { "Campbell", "campbell" },
  { "Davies", "davies" }, { "Evans", "evans" }, { "Walsh", "walsh" }, { "Byrne", "byrne" },
  { "Moreau", "moreau" }, { "Lefèvre", "lefevre" }, { "Núñez", "nunez" },
  { "Eriksen", "eriksen" }, { "Haddad", "haddad" }, { "Cohen", "cohen" },
  { "Abara", "abara" }, { "Van der Berg", "vanderberg" }, { "De Vries", "devries" },
  { "Jansen", "jansen" }, { "Baker", "baker" }, { "Clarke", "clarke" },
};
const guint fl_demo_n_last_names = G_N_ELEMENTS (fl_demo_last_names);

const FlDemoOrganisation fl_demo_organisations[] = {
  { "Northwind Traders", "northwind.example" },
  { "Contoso Pharmaceuticals", "contoso.example" },
  { "Blue Heron Architects", "blueheron.example" },
  { "Fabrikam Logistics", "fabrikam.example" },
  { "Lindqvist & Berg Advokatbyrå", "lindqvistberg.example" },
  { "Café Olé Roasters", "cafeole.example" },
  { "Greenleaf Dental Clinic", "greenleafdental.example" },
  { "Municipality of Eastbrook", "eastbrook.example" },
  { "St. Brigid's Primary School", "stbrigids.example" },
  { "Tailspin Toys", "tailspin.example" },
  { "Wide World Importers", "wideworld.example" },
  { "Adatum Insurance", "adatum.example" },
  { "Proseware Studios", "proseware.example" },
  { "Litware Labs", "litware.example" },
  { "Margie's Travel", "margiestravel.example" },
  { "Alpine Ski House", "alpineski.example" },
  { "Coho Vineyard", "cohovineyard.example" },
  { "Fourth Coffee", "fourthcoffee.example" },
  { "Graphic Design Institute", "gdi.example" },
  { "Lucerne Publishing", "lucerne.example" },
  { "Relecloud", "relecloud.example" },
  { "Southridge Video", "southridge.example" },
  { "Trey Research", "treyresearch.example" },
  { "VanArsdel Ltd", "vanarsdel.example" },
  { "Woodgrove Bank", "woodgrove.example" },
  { "Bäckerei Schön", "baeckerei-schoen.example" },
  { "Estudio Núñez", "estudionunez.example" },
  { "Kowalski i Synowie", "kowalski.example" },
  { "Hôtel du Lac", "hoteldulac.example" },
  { "Nordlys Film", "nordlys.example" },
  { "Riverside Veterinary Practice", "riversidevets.example" },
  { "Oakwood Accountants", "oakwood.example" },
  { "Harbour Lights Theatre", "harbourlights.example" },
  { "Sakura Sushi Bar", "sakurasushi.example" },
  { "Atlas Engineering", "atlaseng.example" },
  { "Pixel Forge Games", "pixelforge.example" },
  { "Meridian Health Partners", "meridianhealth.example" },
  { "Quill & Ink Bookshop", "quillink.example" },
  { "Brightwater Solar", "brightwater.example" },
  { "Ferreira & Filhos", "ferreirafilhos.example" },
};
const guint fl_demo_n_organisations = G_N_ELEMENTS (fl_demo_organisations);

const char * const fl_demo_mail_domains[] = {
  "example.com", "example.net", "example.org", "mail.example", "post.example",
};
const guint fl_demo_n_mail_domains = G_N_ELEMENTS (fl_demo_mail_domains);

const char * const fl_demo_customer_notes[] = {
  "Prefers e-mail over phone.",
  "Hard of hearing: speak slowly and clearly, or offer e-mail.",
  "Call only after 14:00 local time.",
  "Reseller: orders for several end customers; ask which one a case is about.",
  "Very technical; happy to skip the basic checks.",
  "Speaks Spanish; English is fine in writing.",
  "Complained about a late replacement last year; keep them updated.",
  "Uses a screen reader: send plain-text e-mails, no screenshots.",
  "Works night shifts; mornings are best for call-backs.",
  "IT contact for the whole office; can approve repairs up to 500 €.",
};
const guint fl_demo_n_customer_notes = G_N_ELEMENTS (fl_demo_customer_notes);

/* Aliases are what customers read: first names and nicknames, never a rank. */
const FlDemoAgentInfo fl_demo_agents[FL_DEMO_N_AGENTS] = {
  { "lead", "Margaret Okonkwo", "Maggie", FL_AGENT_ROLE_LEAD, "Hardware", FALSE },
  { "tier2", "Daniel Novák", "Dan", FL_AGENT_ROLE_TIER2, "Hardware", FALSE },
  { "agent", "Samantha Rivera", "Sam", FL_AGENT_ROLE_AGENT, "Hardware", FALSE },
  { "rotation", "Priya Natarajan", "Priya", FL_AGENT_ROLE_ROTATION, "Engineering", FALSE },
  { "trainee", "Jonas Becker", "Jonas", FL_AGENT_ROLE_TRAINEE, "Peripherals", FALSE },
  { "a.lindqvist", "Astrid Lindqvist", "Astrid", FL_AGENT_ROLE_AGENT, "Hardware", FALSE },
  { "m.haddad", "Mehdi Haddad", "Mehdi", FL_AGENT_ROLE_AGENT, "Networking", FALSE },
  { "c.obrien", "Ciarán O'Brien", "Ciarán", FL_AGENT_ROLE_AGENT, "Peripherals", FALSE },
  { "y.tanaka", "Yuki Tanaka", "Yuki", FL_AGENT_ROLE_AGENT, "Networking", FALSE },
  { "f.moreau", "Françoise Moreau", "Fran", FL_AGENT_ROLE_AGENT, "Accounts & plans", FALSE },
  { "k.mensah", "Kwame Mensah", "Kwame", FL_AGENT_ROLE_TIER2, "Networking", FALSE },
  { "l.kowalska", "Lena Kowalska", "Lena", FL_AGENT_ROLE_TIER2, "Peripherals", FALSE },
  { "r.silva", "Rafael Silva", "Rafa", FL_AGENT_ROLE_AGENT, "Hardware", FALSE },
  { "h.nguyen", "Hoa Nguyen", "Hoa", FL_AGENT_ROLE_AGENT, "Peripherals", FALSE },
  { "e.fischer", "Elias Fischer", "Eli", FL_AGENT_ROLE_LEAD, "Networking", FALSE },
  { "s.duarte", "Sofia Duarte", "Sofia", FL_AGENT_ROLE_LEAD, "Peripherals", FALSE },
  { "t.bergstrom", "Tove Bergström", "Tove", FL_AGENT_ROLE_AGENT, "Accounts & plans", FALSE },
  { "o.adeyemi", "Oluwaseun Adeyemi", "Seun", FL_AGENT_ROLE_TIER2, "Hardware", FALSE },
  { "g.romano", "Giulia Romano", "Giulia", FL_AGENT_ROLE_ROTATION, "Engineering", FALSE },
  { "n.petrov", "Nikolai Petrov", "Nik", FL_AGENT_ROLE_ROTATION, "Engineering", FALSE },
  { "b.walsh", "Brendan Walsh", "Bren", FL_AGENT_ROLE_TRAINEE, "Networking", FALSE },
  { "i.costa", "Inês Costa", "Inês", FL_AGENT_ROLE_AGENT, "Networking", FALSE },
  { "d.kim", "Da-eun Kim", "Dana", FL_AGENT_ROLE_AGENT, "Hardware", FALSE },
  { "z.ali", "Zainab Ali", "Zainab", FL_AGENT_ROLE_TIER2, "Accounts & plans", FALSE },
  /* Left the company; still the author of older cases. */
  { "p.schmidt", "Paul Schmidt", "Paul", FL_AGENT_ROLE_AGENT, "Hardware", TRUE },
};
