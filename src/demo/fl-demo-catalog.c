/* fl-demo-catalog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo company's catalog and the phrases its support cases are made of. Flaw
 * titles, case subjects and case descriptions reuse the same phrases on purpose:
 * that is what lets flaw matching find the flaw a case is about.
 */
#define G_LOG_DOMAIN "Frontline-Demo"

#include "config.h"

#include <string.h>

#include "fl-demo-catalog.h"

/* Monitors ------------------------------------------------------------------ */

static const FlDemoPhrase monitor_symptoms[] = {
  { "flickers", "The picture flickers several times a second, worst on dark backgrounds." },
  { "goes black for a few seconds",
      "The screen blanks for two to five seconds and comes back on its own." },
  { "shows a purple tint", "Whites look pink or purple and skin tones are off." },
  { "loses the signal",
      "The monitor shows “No signal” and goes to standby although the computer is running." },
  { "wakes at the wrong resolution",
      "Windows and text are huge and blurry until the cable is plugged in again." },
  { "shows ghosting trails", "Moving objects leave faint trails behind them." },
  { "makes a high-pitched whine", "A coil whine can be heard from the back of the monitor." },
};

static const FlDemoPhrase monitor_conditions[] = {
  { "at 144 Hz over DisplayPort", "Disable adaptive sync in the monitor menu, or use 120 Hz." },
  { "over HDMI at 4K 60 Hz",
      "Use the DisplayPort input, or set the HDMI mode to 4K 30 Hz in the monitor menu." },
  { "with HDR enabled", "Turn HDR off in the operating system's display settings." },
  { "when daisy-chained over USB-C",
      "Connect each monitor to its own port instead of daisy-chaining." },
  { "with the built-in KVM switch in use",
      "Switch inputs from the on-screen menu instead of the KVM hotkey." },
  { "at 10-bit colour depth", "Set the colour depth to 8-bit in the graphics driver." },
  { "with brightness below 30%", "Keep brightness at 30% or above, or turn off local dimming." },
};

static const FlDemoPhrase monitor_triggers[] = {
  { "after waking from sleep",
      "Let the computer sleep for at least ten minutes, then wake it with the keyboard." },
  { "on a cold start", "Unplug the monitor for a minute, then turn it on." },
  { "after a firmware update", "Update the monitor firmware from the previous release." },
  { "when a second monitor is connected", "Connect a second monitor to the same graphics card." },
  { "during full-screen video playback", "Play a full-screen video for five minutes." },
  { "when switching inputs", "Switch between two inputs with the buttons under the screen." },
};

static const FlDemoPhrase monitor_questions[] = {
  { "Dead pixel near the centre of the screen",
      "One green dot stays lit on dark backgrounds. Is this covered by the warranty?" },
  { "Adding a second monitor: which cable do I need?",
      "I want a second monitor next to this one. Which cable and port should I use, and can my "
      "computer drive both?" },
  { "Stand wobbles when I type",
      "The monitor wobbles on its stand. Is there a stiffer stand or a VESA arm that fits?" },
  { "Colours look washed out",
      "Colours look pale compared to my laptop. Which picture mode should I use?" },
  { "Monitor does not turn on",
      "The power light stays off. I tried another socket and another power cable." },
};

/* Graphics cards ------------------------------------------------------------ */

static const FlDemoPhrase gpu_symptoms[] = {
  { "crashes the driver", "The screen goes black and the driver recovers with an error message." },
  { "shows coloured artefacts", "Coloured blocks and lines appear across the screen." },
  { "runs its fans at full speed", "The fans spin up loudly although the card is idle." },
  { "drops to low clock speeds", "Frame rates halve and the card stays at its lowest clock." },
  { "is not detected", "The card is missing from the device list and no picture is shown." },
  { "causes a black screen at boot",
      "The computer starts but the screen stays black until the login screen." },
  { "stutters every few seconds", "Games and video freeze briefly every few seconds." },
};

static const FlDemoPhrase gpu_conditions[] = {
  { "with the latest driver", "Roll back to the previous driver release from the support site." },
  { "with two 4K displays attached",
      "Run the second display at 30 Hz or connect it to the onboard graphics." },
  { "on PCIe 3.0 motherboards", "Set the slot to PCIe 3.0 in the BIOS instead of Auto." },
  { "with browser hardware acceleration",
      "Turn off hardware acceleration in the browser settings." },
  { "with resizable BAR enabled", "Disable resizable BAR in the BIOS." },
  { "with a 650 W power supply",
      "Use a power supply of at least 750 W, or lower the power limit to 80%." },
  { "in multi-monitor mode", "Set all monitors to the same refresh rate." },
};

static const FlDemoPhrase gpu_triggers[] = {
  { "under sustained load", "Run a 3D benchmark for fifteen minutes." },
  { "after resuming from hibernation", "Hibernate the computer and resume it." },
  { "when a game starts in full screen", "Start any game in exclusive full-screen mode." },
  { "after an operating system update", "Install the latest operating system feature update." },
  { "when the display goes to sleep", "Let the display sleep after five minutes without input." },
  { "during video calls", "Start a video call with the camera on for ten minutes." },
};

static const FlDemoPhrase gpu_questions[] = {
  { "Which power cables does the card need?",
      "The card has two 8-pin sockets. Can I use the splitter cable that came with my power "
      "supply?" },
  { "Card does not fit in my case",
      "The card is longer than my case allows. Is there a shorter model?" },
  { "Can this card drive a second monitor?",
      "I am adding a second monitor. Is this card enough for two 4K screens?" },
  { "Coil whine under load",
      "The card whines when games run at high frame rates. Is that normal?" },
  { "Where is the Linux driver?", "Where do I download the newest driver for Linux?" },
};

/* Laptops ------------------------------------------------------------------- */

static const FlDemoPhrase laptop_symptoms[] = {
  { "drains the battery while sleeping",
      "The battery drops 20 to 30% overnight with the lid closed." },
  { "freezes", "The mouse pointer stops and only holding the power button helps." },
  { "loses Wi-Fi", "Wi-Fi disconnects and the network list stays empty until a restart." },
  { "overheats", "The underside gets hot and the fans run at full speed." },
  { "ignores the touchpad", "The touchpad stops responding; an external mouse still works." },
  { "shows a blank screen", "The power light is on but the screen stays black." },
  { "does not charge", "The battery icon shows “plugged in, not charging”." },
};

static const FlDemoPhrase laptop_conditions[] = {
  { "with a 65 W USB-C charger", "Use the 90 W charger that came with the laptop." },
  { "with fast startup enabled", "Turn off fast startup in the power options." },
  { "with modern standby", "Use hibernate instead of sleep until the BIOS update is installed." },
  { "on 5 GHz networks",
      "Connect to the 2.4 GHz network, or turn off 802.11ax in the adapter settings." },
  { "with an external monitor connected",
      "Disconnect the external monitor before closing the lid." },
  { "with battery saver turned on",
      "Turn battery saver off, or let it start at 10% instead of 20%." },
  { "with the keyboard backlight on", "Turn off the keyboard backlight with Fn+Space." },
};

static const FlDemoPhrase laptop_triggers[] = {
  { "after closing the lid", "Close the lid for at least fifteen minutes, then open it." },
  { "after a BIOS update", "Update the BIOS from the previous release." },
  { "when unplugged from power", "Unplug the charger while the laptop is running." },
  { "during video calls", "Start a video call with camera and screen sharing." },
  { "after about an hour of use", "Use the laptop for an hour of normal office work." },
  { "when docked", "Connect the laptop to a USB-C dock with power delivery." },
};

static const FlDemoPhrase laptop_questions[] = {
  { "Battery health at 78% after two years",
      "The battery report shows 78% of the design capacity. Is that covered?" },
  { "Keyboard key came off", "The E key came off and one of its clips is broken." },
  { "How do I upgrade the memory?", "Which memory modules fit, and how many slots are free?" },
  { "Cracked hinge", "The left hinge cracked when I opened the lid. What are the repair options?" },
  { "Connecting a second monitor to my laptop",
      "I want two external monitors at my desk. What do I need for a second monitor?" },
};

/* Docking stations ---------------------------------------------------------- */

static const FlDemoPhrase dock_symptoms[] = {
  { "disconnects all USB devices",
      "Keyboard, mouse and USB drives drop out together and come back after a few seconds." },
  { "does not detect external monitors",
      "The monitors stay in standby; the laptop's own screen works." },
  { "stops charging the laptop", "The laptop says it is running on battery while docked." },
  { "drops the Ethernet connection", "The wired network disconnects and reconnects." },
  { "mirrors instead of extending displays",
      "Both monitors show the same picture and extending is not offered." },
  { "resets its settings", "Custom settings are back to their defaults." },
  { "makes a buzzing noise", "A faint buzz comes from the dock's power supply." },
};

static const FlDemoPhrase dock_conditions[] = {
  { "with two 4K monitors at 60 Hz",
      "Run one monitor at 30 Hz, or use one 4K and one QHD monitor." },
  { "on macOS", "Install the DisplayLink Manager app and allow it to record the screen." },
  { "with the 65 W power adapter", "Use the 100 W power adapter that came with the dock." },
  { "behind a USB-C hub", "Connect the dock directly to the laptop's Thunderbolt port." },
  { "with Wake-on-LAN enabled", "Disable Wake-on-LAN for the dock's network adapter." },
  { "with the front USB-C port in use",
      "Use the rear ports for devices that must stay connected." },
  { "with older Thunderbolt firmware on the laptop",
      "Update the laptop's Thunderbolt firmware first." },
};

static const FlDemoPhrase dock_triggers[] = {
  { "after waking from sleep", "Put the docked laptop to sleep, wait ten minutes, then wake it." },
  { "when the laptop lid is closed", "Close the laptop lid while docked with external monitors." },
  { "after a dock firmware update", "Update the dock firmware from the previous release." },
  { "when hot-plugging the laptop",
      "Unplug and replug the dock cable while the laptop is running." },
  { "under heavy network traffic", "Copy a 10 GB file over the wired network." },
  { "on a cold start", "Start the laptop from power off while docked." },
};

static const FlDemoPhrase dock_questions[] = {
  { "Which dock works with my laptop?",
      "Will the Thunderbolt 4 Dock charge my laptop at full speed?" },
  { "Dock arrived without its power adapter", "The box only had the dock and the cable." },
  { "Running a second monitor through the dock",
      "Can I run a second monitor from the dock, and which port should I use?" },
  { "Dock gets warm", "The dock is warm to the touch. Is this normal?" },
  { "No sound from the dock's audio jack", "Headphones plugged into the dock stay silent." },
};

/* Printers ------------------------------------------------------------------ */

static const FlDemoPhrase printer_symptoms[] = {
  { "reports a paper jam", "The printer reports a jam although no paper is stuck." },
  { "goes offline", "The computer shows the printer as offline and jobs wait in the queue." },
  { "prints blank pages", "Pages come out empty or with faint marks only." },
  { "prints streaks", "Vertical lines run down every page." },
  { "rejects the cartridges", "The display says “cartridge not recognised”." },
  { "stops scanning", "The scan button does nothing and the app cannot find the scanner." },
  { "prints garbled characters", "Pages come out with random symbols instead of the document." },
};

static const FlDemoPhrase printer_conditions[] = {
  { "over Wi-Fi",
      "Connect the printer by USB or Ethernet, or give it a fixed IP address in the router." },
  { "in duplex mode", "Print single-sided, or turn the pages by hand." },
  { "with third-party cartridges",
      "Use original cartridges, or turn off cartridge protection in the settings." },
  { "with the driverless IPP driver", "Install the full driver package from the support site." },
  { "on heavy paper", "Set the paper type to “Heavy” and use the rear feed." },
  { "in power-saving mode", "Set the sleep timer to “Never” in the printer menu." },
  { "on large PDF files", "Print the PDF as an image from the print dialog's advanced options." },
};

static const FlDemoPhrase printer_triggers[] = {
  { "after a firmware update", "Update the printer firmware from the previous release." },
  { "after the printer wakes from sleep", "Wait until the printer sleeps, then send a print job." },
  { "when printing more than 20 pages", "Print a 30-page document." },
  { "after the router restarts", "Restart the Wi-Fi router while the printer is on." },
  { "on the first job of the day", "Leave the printer on overnight and print in the morning." },
  { "when scanning to e-mail", "Scan a document with the scan-to-e-mail button." },
};

static const FlDemoPhrase printer_questions[] = {
  { "Where do I buy replacement toner?", "Which toner fits, and is there a high-yield version?" },
  { "Setting the printer up on a new laptop", "How do I add the printer to my new laptop?" },
  { "Print quality looks faded", "Text looks grey instead of black on every page." },
  { "Grinding noise while printing", "A loud grinding noise comes from the back during printing." },
  { "Is the printhead covered by the warranty?",
      "The printhead needs replacing. Is that covered?" },
};

/* Routers ------------------------------------------------------------------- */

static const FlDemoPhrase router_symptoms[] = {
  { "drops the internet connection",
      "All devices lose internet for a minute and the status light turns amber." },
  { "reboots on its own", "The router restarts several times a day." },
  { "slows to a crawl", "Speed tests show under 5 Mbit/s on a 500 Mbit/s line." },
  { "loses the mesh satellites",
      "The satellite lights turn red and devices near them go offline." },
  { "forgets its settings", "The Wi-Fi name and password are back to factory defaults." },
  { "blocks some devices from joining", "Some phones and smart devices cannot join the Wi-Fi." },
  { "hides the Wi-Fi network", "The Wi-Fi network disappears from every device's list." },
};

static const FlDemoPhrase router_conditions[] = {
  { "with WPA3 enabled", "Switch security to WPA2/WPA3 mixed mode." },
  { "on the 6 GHz band", "Turn off the 6 GHz band until the fix is installed." },
  { "with band steering on", "Turn off band steering and give the 5 GHz network its own name." },
  { "with IPv6 enabled", "Turn off IPv6 in the internet settings." },
  { "with more than 30 connected devices", "Move smart-home devices to the guest network." },
  { "in bridge mode", "Use router mode, with the provider's modem in bridge mode instead." },
  { "with parental controls active", "Turn off content filters and use schedules instead." },
};

static const FlDemoPhrase router_triggers[] = {
  { "after a firmware update", "Update the router firmware from the previous release." },
  { "every night around 3 a.m.", "Leave the router running overnight with automatic updates on." },
  { "when a video call starts", "Start a video call on a laptop on the same network." },
  { "after a power cut", "Unplug the router for ten seconds and plug it back in." },
  { "when a satellite is moved", "Move a satellite to another room and power it on." },
  { "under heavy upload traffic", "Upload a large file to a cloud drive." },
};

static const FlDemoPhrase router_questions[] = {
  { "How do I change the Wi-Fi password?", "How do I change the Wi-Fi password from the app?" },
  { "Port forwarding for a game server",
      "Which settings do I need to open a port for a game server?" },
  { "Weak signal in the garden office",
      "The signal is weak in the garden office. Would another satellite extend the coverage?" },
  { "Router light blinks orange", "The light on top blinks orange but the internet works." },
  { "Setting up a guest network", "How do I give visitors Wi-Fi without my password?" },
};

/* Headsets ------------------------------------------------------------------ */

static const FlDemoPhrase headset_symptoms[] = {
  { "crackles on the microphone", "Others hear crackling and pops when I speak." },
  { "disconnects from Bluetooth",
      "The headset drops the connection and reconnects after a few seconds." },
  { "goes silent in one ear", "The left ear cup goes silent while the right one keeps playing." },
  { "echoes my own voice", "I hear my own voice with a short delay." },
  { "is not listed as a microphone", "Apps offer the headset for sound but not as a microphone." },
  { "loses noise cancelling", "Noise cancelling switches off by itself." },
  { "runs flat in two hours", "A full charge lasts about two hours instead of twenty." },
};

static const FlDemoPhrase headset_conditions[] = {
  { "with the USB dongle", "Pair over Bluetooth directly instead of using the dongle." },
  { "when paired with two devices", "Turn off multipoint in the companion app." },
  { "with sidetone enabled", "Turn sidetone off in the companion app." },
  { "in hands-free mode",
      "Use the headset's stereo device for sound and the laptop's microphone." },
  { "on USB 3.0 ports", "Use a USB 2.0 port or the supplied extension cable." },
  { "with the bass boost preset", "Choose the “Balanced” equaliser preset." },
  { "with voice prompts turned on", "Turn off voice prompts in the companion app." },
};

static const FlDemoPhrase headset_triggers[] = {
  { "after a firmware update", "Update the headset firmware from the previous release." },
  { "when a call starts", "Join a call with the headset's call button." },
  { "after about 30 minutes of use", "Wear the headset for 30 minutes with music playing." },
  { "when the laptop wakes from sleep",
      "Put the laptop to sleep with the headset connected, then wake it." },
  { "when walking away from the computer",
      "Walk five metres away from the computer during a call." },
  { "after charging overnight", "Charge the headset overnight and turn it on in the morning." },
};

static const FlDemoPhrase headset_questions[] = {
  { "Replacement ear cushions", "The ear cushions are worn. Where can I order new ones?" },
  { "Headset for a noisy open-plan office", "Which headset blocks out a noisy office best?" },
  { "Pairing with a second phone", "How do I pair the headset with a second phone?" },
  { "Microphone boom broke off", "The microphone boom snapped at the hinge." },
  { "Does it work with a desk phone?", "Can I use the headset with the desk phone in our office?" },
};

/* Keyboards & mice ---------------------------------------------------------- */

static const FlDemoPhrase input_symptoms[] = {
  { "lags behind", "Key presses and pointer movements arrive half a second late." },
  { "stops responding", "Nothing happens until it is switched off and on again." },
  { "registers double clicks", "One press of a key or button counts twice." },
  { "drains its batteries within days", "New batteries are empty after three or four days." },
  { "is not recognised", "The computer does not see it at all." },
  { "wakes the computer on its own",
      "The computer wakes up from sleep without anyone touching it." },
  { "moves erratically", "The pointer jumps or scrolling runs the wrong way." },
};

static const FlDemoPhrase input_conditions[] = {
  { "with the USB receiver behind the computer",
      "Use the extension cable to bring the receiver closer." },
  { "near a USB 3.0 hub", "Plug the receiver into a USB 2.0 port away from USB 3.0 devices." },
  { "in Bluetooth mode", "Use the USB receiver instead of Bluetooth." },
  { "with the companion app running", "Quit the companion app; the device keeps its settings." },
  { "on glass desks", "Use a mouse pad." },
  { "with a non-US keyboard layout",
      "Set the layout in the companion app to match the operating system." },
  { "with several paired computers", "Remove unused pairings and pair again." },
};

static const FlDemoPhrase input_triggers[] = {
  { "after waking from sleep", "Let the computer sleep for ten minutes, then press a key." },
  { "after a firmware update", "Update the firmware from the previous release." },
  { "when switching between computers",
      "Switch to the second computer with the switch key and back." },
  { "after changing the batteries", "Replace the batteries." },
  { "during gaming sessions", "Play a fast game for twenty minutes." },
  { "at the login screen", "Restart the computer and type the password at the login screen." },
};

static const FlDemoPhrase input_questions[] = {
  { "Replacement USB receiver", "I lost the USB receiver. Can I order a new one and pair it?" },
  { "Letters wearing off the keys",
      "The letters on the most used keys are wearing off after a year." },
  { "Scroll wheel squeaks", "The scroll wheel squeaks with every turn." },
  { "Left-handed options", "Can the buttons be swapped for left-handed use?" },
  { "Wrist pain: which ergonomic keyboard?",
      "I get wrist pain after long days of typing. Which ergonomic model do you recommend?" },
};

/* Support plans ------------------------------------------------------------- */

static const FlDemoPhrase plan_questions[] = {
  { "Renewing my support plan",
      "My plan ends next month. How do I renew it, and does the price change?" },
  { "Does my plan cover accidental damage?", "I dropped my laptop. Is that covered by my plan?" },
  { "Adding a device to my plan", "Can I add the printer I just bought to my existing plan?" },
  { "Invoice for my support plan",
      "I need an invoice with our company's VAT number for the plan." },
  { "Booking an onsite visit", "How do I book the onsite visit that comes with my plan?" },
};

const FlDemoPhrase fl_demo_account_questions[] = {
  { "Change the e-mail address on my account", "Please use my new e-mail address from now on." },
  { "Invoice shows the wrong company name",
      "The last invoice shows our old company name. Can you correct it?" },
  { "Order never arrived", "My order was marked as delivered but nothing arrived." },
  { "Where is my refund?", "I returned an item three weeks ago and have not been refunded yet." },
  { "Update my billing address", "We moved offices; please update the billing address." },
};
const guint fl_demo_n_account_questions = G_N_ELEMENTS (fl_demo_account_questions);

#define PHRASES(p) p, G_N_ELEMENTS (p)

const FlDemoLine fl_demo_lines[FL_DEMO_N_LINES] = {
  [FL_DEMO_LINE_MONITORS] = {
    "Monitors", PHRASES (monitor_symptoms), PHRASES (monitor_conditions),
    PHRASES (monitor_triggers), PHRASES (monitor_questions) },
  [FL_DEMO_LINE_GRAPHICS_CARDS] = {
    "Graphics cards", PHRASES (gpu_symptoms), PHRASES (gpu_conditions),
    PHRASES (gpu_triggers), PHRASES (gpu_questions) },
  [FL_DEMO_LINE_LAPTOPS] = {
    "Laptops", PHRASES (laptop_symptoms), PHRASES (laptop_conditions),
    PHRASES (laptop_triggers), PHRASES (laptop_questions) },
  [FL_DEMO_LINE_DOCKS] = {
    "Docking stations", PHRASES (dock_symptoms), PHRASES (dock_conditions),
    PHRASES (dock_triggers), PHRASES (dock_questions) },
  [FL_DEMO_LINE_PRINTERS] = {
    "Printers", PHRASES (printer_symptoms), PHRASES (printer_conditions),
    PHRASES (printer_triggers), PHRASES (printer_questions) },
  [FL_DEMO_LINE_ROUTERS] = {
    "Routers", PHRASES (router_symptoms), PHRASES (router_conditions),
    PHRASES (router_triggers), PHRASES (router_questions) },
  [FL_DEMO_LINE_HEADSETS] = {
    "Headsets", PHRASES (headset_symptoms), PHRASES (headset_conditions),
    PHRASES (headset_triggers), PHRASES (headset_questions) },
  [FL_DEMO_LINE_KEYBOARDS] = {
    "Keyboards & mice", PHRASES (input_symptoms), PHRASES (input_conditions),
    PHRASES (input_triggers), PHRASES (input_questions) },
  [FL_DEMO_LINE_PLANS] = {
    "Support plans", NULL, 0, NULL, 0, NULL, 0, PHRASES (plan_questions) },
};

/* The first product of each line is the one the showcase customer's open case is
 * about; the Swift 27 runs at 144 Hz, which its flaw needs. */
const FlDemoProduct fl_demo_products[FL_DEMO_N_PRODUCTS] = {
  { "MON-S27G", "Swift 27 Gaming 144 Hz", "monitor", FL_DEMO_LINE_MONITORS, 34900,
      "1.0 1.1 1.2 2.0 2.1 2.2 2.3 2.4", NULL },
  { "MON-V24F", "Vista 24 FHD", "monitor", FL_DEMO_LINE_MONITORS, 14900,
      "1.0 1.1 1.2 1.3 1.4 1.5", NULL },
  { "MON-V27Q", "Vista 27 QHD", "monitor", FL_DEMO_LINE_MONITORS, 29900,
      "1.0 1.1 1.2 1.3 2.0 2.1", NULL },
  { "MON-V27P", "Vista 27 Pro 4K", "monitor", FL_DEMO_LINE_MONITORS, 44900,
      "2.0 2.1 2.2 2.3 2.4 2.5 2.6", NULL },
  { "MON-V32H", "Vista 32 4K HDR", "monitor", FL_DEMO_LINE_MONITORS, 69900,
      "1.0 1.1 1.2 1.3", NULL },
  { "MON-A34W", "Arc 34 Ultrawide", "monitor", FL_DEMO_LINE_MONITORS, 64900,
      "3.0 3.1 3.2 3.3 3.4 3.5", NULL },
  { "MON-A49S", "Arc 49 Super Ultrawide", "monitor", FL_DEMO_LINE_MONITORS, 119900,
      "1.0 1.1 1.2 1.3 1.4", NULL },
  { "MON-S25G", "Swift 25 Gaming 240 Hz", "monitor", FL_DEMO_LINE_MONITORS, 39900,
      "1.0 1.1 1.2 1.3 1.4 1.5 1.6", NULL },

  { "GPU-R4070", "Radiant 4070 Super 12 GB", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 64900,
      "531.18 536.23 537.42 546.33 551.61 560.70", NULL },
  { "GPU-R3050", "Radiant 3050 8 GB", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 27900,
      "512.15 516.94 522.25 531.18 536.23 546.33", NULL },
  { "GPU-R3060", "Radiant 3060 12 GB", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 37900,
      "516.94 522.25 531.18 536.23 546.33 551.61", NULL },
  { "GPU-R4080", "Radiant 4080 16 GB", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 109900,
      "536.23 537.42 546.33 551.61 560.70", NULL },
  { "GPU-P5500", "ProView 5500 Workstation", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 129900,
      "22.10 22.20 23.10 23.20 24.10", NULL },
  { "GPU-P7700", "ProView 7700 Workstation", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 249900,
      "23.10 23.20 24.10 24.20", NULL },
  { "GPU-M1650", "Mini 1650 Low Profile", "graphics card", FL_DEMO_LINE_GRAPHICS_CARDS, 16900,
      "472.12 512.15 516.94 522.25 531.18", NULL },

  { "LAP-T14P", "Trek 14 Pro", "laptop", FL_DEMO_LINE_LAPTOPS, 139900,
      "1.02 1.04 1.07 1.10 1.12 1.15", NULL },
  { "LAP-T13", "Trek 13", "laptop", FL_DEMO_LINE_LAPTOPS, 89900, "1.01 1.03 1.05 1.08 1.09", NULL },
  { "LAP-T16P", "Trek 16 Pro", "laptop", FL_DEMO_LINE_LAPTOPS, 189900,
      "1.00 1.02 1.05 1.06", NULL },
  { "LAP-F14", "Flex 14 Convertible", "laptop", FL_DEMO_LINE_LAPTOPS, 99900,
      "2.1 2.3 2.4 2.6 2.7 2.9", NULL },
  { "LAP-E15", "Everyday 15", "laptop", FL_DEMO_LINE_LAPTOPS, 59900,
      "1.10 1.12 1.14 1.17 1.20 1.21 1.23", NULL },
  { "LAP-E17", "Everyday 17", "laptop", FL_DEMO_LINE_LAPTOPS, 69900,
      "1.10 1.12 1.14 1.17 1.20", NULL },
  { "LAP-W16", "Workforce 16 Rugged", "laptop", FL_DEMO_LINE_LAPTOPS, 219900,
      "0.9 1.0 1.1 1.2", NULL },
  { "LAP-C11", "Campus 11 Chromebook", "laptop", FL_DEMO_LINE_LAPTOPS, 32900,
      "118 120 122 124 126 128", NULL },

  { "DOC-TB4D", "Thunderbolt 4 Dual 4K Dock", "dock", FL_DEMO_LINE_DOCKS, 32900,
      "1.0 1.1 1.2 1.3 1.4", NULL },
  { "DOC-U4", "Hub USB-C 4-in-1", "hub", FL_DEMO_LINE_DOCKS, 4900, "1.0 1.1", NULL },
  { "DOC-U9", "Hub USB-C 9-in-1", "hub", FL_DEMO_LINE_DOCKS, 8900, "1.0 1.1 1.2", NULL },
  { "DOC-TB4", "Thunderbolt 4 Dock", "dock", FL_DEMO_LINE_DOCKS, 27900,
      "1.0 1.1 1.2 1.3 1.4 1.5", NULL },
  { "DOC-DL3", "DisplayLink Triple Dock", "dock", FL_DEMO_LINE_DOCKS, 24900,
      "10.1 10.2 11.0 11.1 11.2", NULL },
  { "DOC-TRV", "Travel Dock Mini", "dock", FL_DEMO_LINE_DOCKS, 5900, "1.0 1.1 1.2", NULL },

  { "PRN-L900", "Laserline 900 MFP", "printer", FL_DEMO_LINE_PRINTERS, 89900,
      "4.1 4.2 4.4 4.5 4.7 4.8", NULL },
  { "PRN-I200", "Inkwell 200 Home", "printer", FL_DEMO_LINE_PRINTERS, 9900,
      "1.0 1.1 1.2 1.3", NULL },
  { "PRN-I400", "Inkwell 400 Office", "printer", FL_DEMO_LINE_PRINTERS, 19900,
      "1.0 1.1 1.2 1.3 1.4", NULL },
  { "PRN-L300", "Laserline 300 Mono", "printer", FL_DEMO_LINE_PRINTERS, 17900,
      "3.0 3.1 3.2 3.4", NULL },
  { "PRN-L500", "Laserline 500 Colour", "printer", FL_DEMO_LINE_PRINTERS, 39900,
      "4.0 4.1 4.2 4.4 4.5", NULL },
  { "PRN-P6", "Photo Pro 6", "printer", FL_DEMO_LINE_PRINTERS, 34900, "2.0 2.1 2.2", NULL },
  { "PRN-T46", "Label 4x6 Thermal", "label printer", FL_DEMO_LINE_PRINTERS, 14900,
      "1.0 1.1 1.2 1.3", NULL },

  { "RTR-MP6E", "Meshpoint Pro 6E", "router", FL_DEMO_LINE_ROUTERS, 44900,
      "3.0 3.1 3.2 3.3 3.4 3.5 3.6", NULL },
  { "RTR-MH2", "Meshpoint Home (2-pack)", "mesh system", FL_DEMO_LINE_ROUTERS, 22900,
      "2.0 2.1 2.2 2.3 2.4 2.5", NULL },
  { "RTR-MH3", "Meshpoint Home (3-pack)", "mesh system", FL_DEMO_LINE_ROUTERS, 29900,
      "2.0 2.1 2.2 2.3 2.4 2.5", NULL },
  { "RTR-G5G", "Gateway 5G", "router", FL_DEMO_LINE_ROUTERS, 39900, "1.0 1.1 1.2 1.3", NULL },
  { "RTR-GW300", "Gateway DSL 300", "router", FL_DEMO_LINE_ROUTERS, 14900,
      "7.1 7.2 7.4 7.5 7.6 7.8 7.9", NULL },
  { "RTR-OE8", "Office Edge 8", "router", FL_DEMO_LINE_ROUTERS, 59900,
      "5.0 5.1 5.2 5.3 5.4", NULL },
  { "RTR-TRN", "Travel Router Nano", "travel router", FL_DEMO_LINE_ROUTERS, 4900,
      "1.0 1.1 1.2", NULL },

  { "HSE-Q700", "Quiet 700 Wireless", "headset", FL_DEMO_LINE_HEADSETS, 29900,
      "1.0 1.1 1.2 1.3 1.4 1.5", NULL },
  { "HSE-Q500", "Quiet 500 Wired", "headset", FL_DEMO_LINE_HEADSETS, 12900, "1.0 1.1 1.2", NULL },
  { "HSE-OM", "Office Mono USB", "headset", FL_DEMO_LINE_HEADSETS, 5900, "1.0 1.1 1.2 1.3", NULL },
  { "HSE-OD", "Office Duo Bluetooth", "headset", FL_DEMO_LINE_HEADSETS, 14900,
      "2.0 2.1 2.2 2.3 2.4", NULL },
  { "HSE-SM9", "Studio Monitor 9", "headset", FL_DEMO_LINE_HEADSETS, 19900, "1.0 1.1", NULL },
  { "HSE-GX3", "Gamer X3", "headset", FL_DEMO_LINE_HEADSETS, 9900, "1.0 1.1 1.2 1.3 1.4", NULL },

  { "KBM-KES", "Keys Ergo Split", "keyboard", FL_DEMO_LINE_KEYBOARDS, 14900,
      "1.0 1.1 1.2 1.3", NULL },
  { "KBM-KSW", "Keys Slim Wireless", "keyboard", FL_DEMO_LINE_KEYBOARDS, 5900,
      "1.0 1.1 1.2 1.3 1.4", NULL },
  { "KBM-KMT", "Keys Mechanical TKL", "keyboard", FL_DEMO_LINE_KEYBOARDS, 12900,
      "1.0 1.1 1.2", NULL },
  { "KBM-GM", "Glide Mouse", "mouse", FL_DEMO_LINE_KEYBOARDS, 2900, "1.0 1.1", NULL },
  { "KBM-GPM", "Glide Pro Mouse", "mouse", FL_DEMO_LINE_KEYBOARDS, 7900, "1.0 1.1 1.2 1.3", NULL },
  { "KBM-EVM", "Ergo Vertical Mouse", "mouse", FL_DEMO_LINE_KEYBOARDS, 6900, "1.0 1.1 1.2", NULL },
  { "KBM-DSW", "Desk Set Wireless", "keyboard", FL_DEMO_LINE_KEYBOARDS, 8900,
      "1.0 1.1 1.2 1.3", NULL },

  { "PLN-CB", "Care Basic (1 year)", "support plan", FL_DEMO_LINE_PLANS, 4900,
      "2024 2025 2026", "Care Basic" },
  { "PLN-CP1", "Care Plus (1 year)", "support plan", FL_DEMO_LINE_PLANS, 9900,
      "2024 2025 2026", "Care Plus" },
  { "PLN-CP3", "Care Plus (3 years)", "support plan", FL_DEMO_LINE_PLANS, 24900,
      "2024 2025 2026", "Care Plus" },
  { "PLN-BIZ", "Care Business", "support plan", FL_DEMO_LINE_PLANS, 29900,
      "2024 2025 2026", "Care Business" },
};

const FlDemoOfferRule fl_demo_offer_rules[FL_DEMO_N_OFFERS] = {
  { "Radiant 4070 Super for a second monitor", "GPU-R4070",
    "A second monitor runs best from a card with outputs to spare: the Radiant 4070 Super drives "
    "four 4K displays.",
    "Owns a monitor and the case is about adding a second one.",
    "Monitors", { NULL }, { "second monitor", "two monitors", "dual monitor", NULL }, NULL, TRUE },
  { "Thunderbolt 4 Dual 4K Dock for two screens", "DOC-TB4D",
    "One cable to the laptop, two 4K monitors, power and network: the Dual 4K Dock does it all.",
    "Owns a laptop and wants more screens at the desk.",
    "Laptops", { NULL }, { "second monitor", "two monitors", "two external", NULL }, NULL, TRUE },
  { "Care Plus for laptop owners", "PLN-CP1",
    "Care Plus covers accidental damage and sends a courier for repairs, for less than one hinge "
    "repair.",
    "A paid repair is coming; Care Plus would have covered it.",
    "Laptops", { NULL }, { "hinge", "cracked", "repair", "dropped", NULL }, NULL, TRUE },
  { "Care Plus (3 years) for monitor owners", "PLN-CP3",
    "Three years of Care Plus include the zero-dead-pixel promise on every monitor you own.",
    "Asks about a dead pixel or the warranty on a monitor.",
    "Monitors", { NULL }, { "dead pixel", "warranty", NULL }, NULL, TRUE },
  { "Care Business for organisations", "PLN-BIZ",
    "Care Business puts every device of the company on one plan, one invoice and one phone line.",
    "A business customer with invoice or plan questions.",
    NULL, { NULL }, { "invoice", "company", "vat", NULL }, NULL, TRUE },
  { "Quiet 700 Wireless for busy offices", "HSE-Q700",
    "The Quiet 700 cancels office noise on both ends of the call.",
    "Owns an entry-level office headset and works somewhere noisy.",
    NULL, { "HSE-OM", "HSE-OD", NULL }, { "noisy", "office", "noise", NULL }, NULL, TRUE },
  { "Quiet 500 Wired instead of the Gamer X3", "HSE-Q500",
    "A wired Quiet 500 never crackles on the microphone; we credit the Gamer X3 against it.",
    "Hit by the Gamer X3 microphone flaws.",
    NULL, { "HSE-GX3", NULL }, { "crackles", "microphone", NULL }, "HSE-GX3", TRUE },
  { "Ergo Vertical Mouse for wrist pain", "KBM-EVM",
    "The vertical grip keeps the wrist in a handshake position; most users feel the difference "
    "within a week.",
    "Mentions wrist pain or ergonomics.",
    "Keyboards & mice", { NULL }, { "wrist", "pain", "ergonomic", NULL }, NULL, TRUE },
  { "Keys Ergo Split for long typing days", "KBM-KES",
    "The split layout and tenting keep shoulders and wrists relaxed on long typing days.",
    "Types a lot and mentions discomfort.",
    NULL, { "KBM-KSW", "KBM-DSW", NULL }, { "wrist", "typing", "ergonomic", NULL }, NULL, TRUE },
  { "Meshpoint Home (3-pack) for full coverage", "RTR-MH3",
    "A third Meshpoint reaches the garden office and the attic; it joins the existing mesh in "
    "minutes.",
    "Owns a 2-pack and reports weak coverage.",
    NULL, { "RTR-MH2", NULL }, { "weak", "garden", "coverage", "extend", NULL }, NULL, TRUE },
  { "Meshpoint Pro 6E upgrade", "RTR-MP6E",
    "The Meshpoint Pro 6E has the speed headroom the Gateway DSL 300 lacks.",
    "Slow speeds on an older gateway, or hit by its known flaws.",
    NULL, { "RTR-GW300", "RTR-G5G", NULL }, { "slow", "speed", "crawl", NULL }, "RTR-GW300", TRUE },
  { "Laserline 500 Colour for small offices", "PRN-L500",
    "The Laserline 500 prints 30 colour pages a minute at a third of the ink cost per page.",
    "Uses a home inkjet for office volumes.",
    NULL, { "PRN-I200", NULL }, { "office", "pages", "volume", NULL }, NULL, TRUE },
  { "Inkwell 400 Office upgrade", "PRN-I400",
    "The Inkwell 400 has refillable tanks: no more cartridge errors.",
    "Cartridge or print quality trouble on the Inkwell 200.",
    NULL, { "PRN-I200", NULL }, { "streaks", "cartridges", "faded", NULL }, NULL, TRUE },
  { "Vista 27 Pro 4K for sharper text", "MON-V27P",
    "Four times the pixels of a Full HD screen: text looks as sharp as on paper.",
    "Owns the Vista 24 FHD and talks about resolution or blurry text.",
    NULL, { "MON-V24F", NULL }, { "resolution", "blurry", "sharp", NULL }, NULL, TRUE },
  { "Swift 27 Gaming for smooth play", "MON-S27G",
    "144 Hz and adaptive sync make the most of a Radiant card.",
    "Owns a gaming graphics card and complains about stutter.",
    "Graphics cards", { NULL }, { "gaming", "stutters", "refresh", NULL }, NULL, TRUE },
  { "Thunderbolt 4 Dock for Trek laptops", "DOC-TB4",
    "Made for the Trek: charges at full speed and keeps every port in one place.",
    "Owns a Trek and asks about docks or chargers.",
    NULL, { "LAP-T13", "LAP-T14P", "LAP-T16P", NULL }, { "dock", "charger", "ports", NULL },
    NULL, TRUE },
  { "Travel Dock Mini for the road", "DOC-TRV",
    "HDMI, USB and Ethernet in a pocket-sized dock for hotel desks.",
    "A laptop owner who travels.",
    "Laptops", { NULL }, { "travel", "trip", "hotel", NULL }, NULL, TRUE },
  { "Glide Pro Mouse upgrade", "KBM-GPM",
    "The Glide Pro has a free-spinning steel wheel that never squeaks.",
    "Trouble with the Glide Mouse's buttons or wheel.",
    NULL, { "KBM-GM", NULL }, { "scroll", "squeaks", "double", NULL }, NULL, TRUE },
  { "Travel Router Nano for hotel Wi-Fi", "RTR-TRN",
    "Turns any hotel network into your own private Wi-Fi.",
    "A laptop owner asking about Wi-Fi while travelling.",
    "Laptops", { NULL }, { "hotel", "travel", "wi-fi", NULL }, NULL, TRUE },
  { "Care Plus renewal with a loyalty discount", "PLN-CP1",
    "Renew to Care Plus today and keep this year's price for the next one.",
    "A Care Basic customer asking about renewal.",
    NULL, { "PLN-CB", NULL }, { "renew", "renewal", "plan", NULL }, NULL, TRUE },
  { "Care Business for office printers", "PLN-BIZ",
    "Next-day onsite repairs for every printer in the office.",
    "Business printer owner with repeated printer trouble.",
    "Printers", { NULL }, { "office", "printhead", NULL }, NULL, TRUE },
  { "Radiant 4080 for faster rendering", "GPU-R4080",
    "Twice the rendering speed of a 3060, with 16 GB for large scenes.",
    "Owns an entry-level Radiant and needs more speed.",
    NULL, { "GPU-R3050", "GPU-R3060", NULL }, { "slow", "stutters", "rendering", NULL },
    NULL, TRUE },
  { "Trek 14 Pro to replace an ageing Everyday", "LAP-T14P",
    "Twice the battery life and a cooler, quieter design; we take the old laptop in part exchange.",
    "An older Everyday laptop with battery or heat trouble.",
    NULL, { "LAP-E15", "LAP-E17", NULL }, { "battery", "overheats", "slow", NULL }, NULL, TRUE },
  { "Desk Set Wireless with the new laptop", "KBM-DSW",
    "A full-size keyboard and mouse make the docked laptop a real desk computer.",
    "A laptop owner setting up a desk.",
    "Laptops", { NULL }, { "keyboard", "mouse", "desk", NULL }, NULL, TRUE },
  /* An old campaign, kept for its outcomes. */
  { "Arc 34 Ultrawide instead of two monitors", "MON-A34W",
    "One ultrawide screen, no bezel in the middle, one cable.",
    "Wants two monitors side by side.",
    "Monitors", { NULL }, { "two monitors", "second monitor", "ultrawide", NULL }, NULL, FALSE },
};

/**
 * fl_demo_catalog_find_sku:
 *
 * Returns: the index of the product in fl_demo_products, or -1
 */
int
fl_demo_catalog_find_sku (const char *sku)
{
  for (guint i = 0; i < FL_DEMO_N_PRODUCTS; i++)
    if (strcmp (fl_demo_products[i].sku, sku) == 0)
      return (int) i;
  return -1;
}
